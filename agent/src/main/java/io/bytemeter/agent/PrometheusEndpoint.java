package io.bytemeter.agent;

import com.sun.net.httpserver.HttpExchange;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@code /metrics} (text format, or OpenMetrics when the {@code Accept} header asks for it)
 * on one daemon thread, so the endpoint never keeps the app's JVM alive. Any other path gets a 404
 * that says where the metrics are. Port 0 picks a free port, read back with {@link #port()}.
 */
final class PrometheusEndpoint {

    private final HTTPServer server;

    private PrometheusEndpoint(HTTPServer server) {
        this.server = server;
    }

    /** @throws IOException when the address cannot be bound, the port being taken for example */
    static PrometheusEndpoint start(String host, int port, PrometheusMetricReader reader) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(reader);
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bytemeter-prometheus-endpoint");
            thread.setDaemon(true);
            return thread;
        });
        try {
            HTTPServer server = HTTPServer.builder()
                    .hostname(host)
                    .port(port)
                    .registry(registry)
                    .executorService(executor)
                    .defaultHandler(PrometheusEndpoint::notFound)
                    .buildAndStart();
            return new PrometheusEndpoint(server);
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        byte[] body = ("bytemeter serves metrics at /metrics only; " + exchange.getRequestURI().getPath()
                + " is not a scrape path\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(404, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    int port() {
        return server.getPort();
    }

    /**
     * Stops the server, at the JVM's shutdown: its dispatcher thread waits in native code (epoll),
     * and the JVM's exit waits up to 300 ms for any such thread (measured: a trivial app took
     * 330 ms longer to exit with the endpoint running). Stopped in a shutdown hook, it is gone first.
     */
    void stopAtShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "bytemeter-endpoint-stop"));
    }
}
