package io.bytemeter.agent.endpoint;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The agent's HTTP server: {@code /metrics}, {@code /health} (also {@code /-/healthy}) and the live page {@code /}, GET and HEAD only, on daemon
 * threads so that it never keeps the app's JVM alive. Built to be left open to a network: each
 * connection has a thread, up to {@code connections} (one more is closed at once, not queued, so a
 * client is never left hanging behind others), each request head is capped ({@link RequestHead}),
 * a connection that has not sent a whole request, or not taken its answer, within {@code timeout}
 * is closed by a reaper however slowly it trickles bytes, and at most {@value #SCRAPES_AT_ONCE}
 * scrapes are serialized at once; nothing a client sends is echoed back. Optional basic auth and
 * TLS (with client certificates).
 *
 * <p>About 300 lines, kept whole on purpose: the accept loop, the per-connection deadlines the
 * reaper enforces and the answer for each path are one state machine, and reading it in one
 * place is what lets a reviewer see that no request can hold a thread past its deadline.
 */
public final class MetricsServer implements Closeable {

    /** What the endpoint serves. */
    public interface Pages {
        /** Writes the metrics in the format {@code accept} asks for (may be null); returns its content type. */
        String writeMetrics(OutputStream out, String accept) throws IOException;

        /** A small JSON document saying the agent is up. */
        String health();

        /** The HTML page at {@code /}: what is measured now. */
        String livePage();
    }

    private static final int MAX_REQUESTS_PER_CONNECTION = 1000;
    private static final int SCRAPES_AT_ONCE = 2;
    private static final int DRAIN_LIMIT = 1024 * 1024;
    private static final String NOT_FOUND = "bytemeter serves /metrics, /health (also /-/healthy) and / only\n";

    private final EndpointOptions options;
    private final Pages pages;
    private final ServerSocket server;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService reaper;
    private final Map<Socket, Long> deadlines = new ConcurrentHashMap<>();
    private final Semaphore scrapes = new Semaphore(SCRAPES_AT_ONCE);

    private MetricsServer(EndpointOptions options, Pages pages, ServerSocket server) {
        this.options = options;
        this.pages = pages;
        this.server = server;
        this.workers = new ThreadPoolExecutor(0, options.connections, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemon("bytemeter-endpoint-connection"));
        this.reaper = Executors.newSingleThreadScheduledExecutor(daemon("bytemeter-endpoint-reaper"));
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException when the address cannot be bound (the port taken, say) or a TLS file cannot be used
     */
    public static MetricsServer start(EndpointOptions options, Pages pages) throws IOException {
        ServerSocket server = options.tls == null ? new ServerSocket() : tlsServerSocket(options.tls);
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(options.host), options.port), 50);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        MetricsServer metrics = new MetricsServer(options, pages, server);
        metrics.reaper.scheduleWithFixedDelay(metrics::closeOverdue, 100, 100, TimeUnit.MILLISECONDS);
        Thread acceptor = daemon("bytemeter-endpoint").newThread(metrics::accept);
        acceptor.start();
        return metrics;
    }

    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        workers.shutdownNow();
        reaper.shutdownNow();
        for (Socket socket : deadlines.keySet()) {
            closeQuietly(socket);
        }
    }

    private static ServerSocket tlsServerSocket(EndpointOptions.Tls tls) throws IOException {
        SSLContext context;
        try {
            context = tls.keyStore != null
                    ? TlsFiles.fromKeyStore(tls.keyStore, tls.keyStoreType, tls.keyStorePassword, tls.clientCa)
                    : TlsFiles.fromPem(tls.certificate, tls.key, tls.clientCa);
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS: " + e.getMessage(), e);
        }
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        socket.setNeedClientAuth(tls.clientCa != null);
        return socket;
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                continue; // closed, or one failed accept: the loop decides
            }
            deadlines.put(socket, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.timeoutMillis));
            try {
                workers.execute(() -> serve(socket));
            } catch (RejectedExecutionException busy) {
                closeQuietly(socket);
            }
        }
    }

    /** Closes every connection past its deadline: a worker blocked reading or writing it is freed. */
    private void closeOverdue() {
        long now = System.nanoTime();
        deadlines.forEach((socket, deadline) -> {
            if (now - deadline > 0) {
                closeQuietly(socket);
            }
        });
    }

    private void serve(Socket socket) {
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(options.timeoutMillis);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            for (int served = 1; ; served++) {
                RequestHead request;
                try {
                    request = RequestHead.read(in);
                } catch (RequestHead.Rejected e) {
                    respond(out, e.status, e.getMessage() + "\n", false, false);
                    break;
                }
                if (request == null) {
                    return; // the client closed the connection
                }
                deadlines.put(socket, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.timeoutMillis));
                boolean keepAlive = request.keepAlive() && !request.hasBody() && served < MAX_REQUESTS_PER_CONNECTION;
                answer(request, out, keepAlive);
                if (!keepAlive) {
                    break;
                }
                deadlines.put(socket, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.timeoutMillis));
            }
            lingeringClose(socket, in);
        } catch (IOException | RuntimeException gone) {
            // the client went away, timed out, or failed the TLS handshake: nothing to answer
        } finally {
            deadlines.remove(socket);
            closeQuietly(socket);
        }
    }

    /**
     * Ends a connection whose client may still be sending (a body, the rest of a refused request):
     * closed with unread bytes, the socket would be reset and the client could lose the answer.
     * Reads and drops at most {@value #DRAIN_LIMIT} bytes, within the connection's deadline.
     */
    private static void lingeringClose(Socket socket, InputStream in) throws IOException {
        if (socket instanceof SSLSocket) {
            return; // TLS has its own close handshake
        }
        socket.shutdownOutput();
        byte[] sink = new byte[8192];
        for (int drained = 0, n; drained < DRAIN_LIMIT && (n = in.read(sink)) >= 0; drained += n) {
            // dropped
        }
    }

    private void answer(RequestHead request, OutputStream out, boolean keepAlive) throws IOException {
        boolean head = request.method.equals("HEAD");
        boolean metrics = request.path.equals("/metrics");
        boolean health = request.path.equals("/health") || request.path.equals("/-/healthy"); // the latter as client_java has it
        boolean page = request.path.equals("/");
        if (options.auth != null && !(health && options.healthPublic) && !options.auth.allows(request.header("authorization"))) {
            respond(out, 401, "credentials required\n", head, keepAlive, "WWW-Authenticate", "Basic realm=\"bytemeter\", charset=\"UTF-8\"");
        } else if (!metrics && !health && !page) {
            respond(out, 404, NOT_FOUND, head, keepAlive);
        } else if (!head && !request.method.equals("GET")) {
            respond(out, 405, "GET or HEAD only\n", false, false, "Allow", "GET, HEAD");
        } else if (health) {
            send(out, 200, "application/json", (pages.health() + "\n").getBytes(StandardCharsets.UTF_8), head, keepAlive);
        } else if (page) {
            send(out, 200, "text/html; charset=utf-8", pages.livePage().getBytes(StandardCharsets.UTF_8), head, keepAlive);
        } else {
            sendMetrics(request, out, head, keepAlive);
        }
    }

    /** Serialized into memory while holding one of the scrape permits, then sent: a slow reader holds none. */
    private void sendMetrics(RequestHead request, OutputStream out, boolean head, boolean keepAlive) throws IOException {
        String accept = request.header("accept");
        String encoding = request.header("accept-encoding");
        boolean gzip = encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip");
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
        String type;
        scrapes.acquireUninterruptibly();
        try {
            if (gzip) {
                try (GZIPOutputStream compressed = new GZIPOutputStream(body)) {
                    type = pages.writeMetrics(compressed, accept);
                }
            } else {
                type = pages.writeMetrics(body, accept);
            }
        } finally {
            scrapes.release();
        }
        if (gzip) {
            send(out, 200, type, body.toByteArray(), head, keepAlive, "Content-Encoding", "gzip");
        } else {
            send(out, 200, type, body.toByteArray(), head, keepAlive);
        }
    }

    private static void respond(OutputStream out, int status, String text, boolean head, boolean keepAlive, String... headers)
            throws IOException {
        send(out, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), head, keepAlive, headers);
    }

    private static void send(OutputStream out, int status, String contentType, byte[] body, boolean head, boolean keepAlive,
            String... headers) throws IOException {
        StringBuilder response = new StringBuilder(256)
                .append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            response.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        out.write(response.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!head) {
            out.write(body);
        }
        out.flush();
    }

    private static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 414: return "URI Too Long";
            case 431: return "Request Header Fields Too Large";
            default: return "Error";
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException | RuntimeException ignored) {
            // closed already
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, count.getAndIncrement() == 0 ? name : name + "-" + count.get());
            thread.setDaemon(true);
            return thread;
        };
    }
}
