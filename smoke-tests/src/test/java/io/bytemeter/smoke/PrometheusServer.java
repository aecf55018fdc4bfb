package io.bytemeter.smoke;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Prometheus (Debian's {@code prometheus} package, which {@code .ci/run} installs) on a
 * loopback port of its own, with the scrape configuration a test writes; stopped on close.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final Path log;

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts Prometheus in {@code dir} with {@code scrapeConfigs} (YAML under {@code scrape_configs:}) and a 1 s scrape interval. */
    public static PrometheusServer start(Path dir, String scrapeConfigs) throws IOException, InterruptedException {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n" + scrapeConfigs);
        int port = freePort();
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, port, log);
        long deadline = System.nanoTime() + READY.toNanos();
        while (!server.ready()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                server.close();
                throw new IllegalStateException("Prometheus did not start:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return server;
    }

    /** The answer of {@code /api/v1/query} for {@code promql}, as JSON text. */
    public String query(String promql) throws IOException {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** The answer of {@code /api/v1/targets}, as JSON text. */
    public String targets() throws IOException {
        return get("/api/v1/targets");
    }

    /** Polls {@code answer} until {@code done} holds; fails with the last answer and the log after {@code timeout}. */
    public String await(Duration timeout, Predicate<String> done, Answer answer) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = answer.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Prometheus never answered as expected; last answer:\n" + last + "\nlog:\n" + Files.readString(log));
            }
            Thread.sleep(250);
            last = answer.get();
        }
        return last;
    }

    /** One request to Prometheus. */
    public interface Answer {
        String get() throws IOException;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private boolean ready() {
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/-/ready").openConnection();
            return connection.getResponseCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    private String get(String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        try (InputStream in = connection.getResponseCode() < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
