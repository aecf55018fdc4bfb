package io.bytemeter.smoke;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real Redis (Debian's {@code redis-server} package, which {@code .ci/run} installs) on a loopback
 * port of its own, saving nothing to disk; stopped on close. The test talks to it in Redis's inline
 * protocol, so that what the test asks the server is not itself something the agent measures.
 */
public final class RedisServer implements AutoCloseable {

    private final Process process;
    public final int port;
    private final Path log;

    private RedisServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static RedisServer start(Path dir) throws IOException, InterruptedException {
        int port = PrometheusServer.freePort();
        Path log = dir.resolve("redis.log");
        Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RedisServer server = new RedisServer(process, port, log);
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            try {
                if (server.command("PING").equals("PONG")) {
                    return server;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline || !process.isAlive()) {
                server.close();
                throw new IllegalStateException("redis-server did not start:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    /** {@code INFO stats} as the server counts: {@code keyspace_hits}, {@code keyspace_misses}, ... */
    public Map<String, Long> stats() throws IOException {
        Map<String, Long> stats = new LinkedHashMap<>();
        for (String line : command("INFO stats").split("\r\n")) {
            String[] kv = line.split(":", 2);
            if (kv.length == 2 && kv[1].matches("\\d+")) {
                stats.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return stats;
    }

    /**
     * {@code INFO commandstats} as the server counts: per command in lower case, its {@code calls},
     * {@code failed_calls} and {@code rejected_calls} ({@code "get.calls"}, {@code "incr.failed_calls"}).
     */
    public Map<String, Long> commandStats() throws IOException {
        Map<String, Long> stats = new LinkedHashMap<>();
        for (String line : command("INFO commandstats").split("\r\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            String[] kv = line.substring("cmdstat_".length()).split(":", 2);
            for (String field : kv[1].split(",")) {
                String[] f = field.split("=", 2);
                if (f[1].matches("\\d+")) {
                    stats.put(kv[0] + "." + f[0], Long.parseLong(f[1]));
                }
            }
        }
        return stats;
    }

    /** One inline command; the reply's text (a status, an error, a bulk string or an integer). */
    public String command(String inline) throws IOException {
        return ask(inline, in -> {
            String first = readLine(in);
            if (first.startsWith("$")) {
                int length = Integer.parseInt(first.substring(1));
                return length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            return first.substring(1);
        });
    }

    /** The first element of an array reply that starts with an integer ({@code XPENDING key group}: the pending count). */
    public long firstInteger(String inline) throws IOException {
        return ask(inline, in -> {
            String array = readLine(in);
            String first = readLine(in);
            if (!array.startsWith("*") || !first.startsWith(":")) {
                throw new IOException(inline + ": not an array starting with an integer: " + array + " " + first);
            }
            return Long.parseLong(first.substring(1));
        });
    }

    private interface Reply<T> {
        T read(InputStream in) throws IOException;
    }

    /** Sends one inline command on a connection of its own and reads the reply. */
    private <T> T ask(String inline, Reply<T> reply) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply.read(socket.getInputStream());
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("the server closed the connection");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
