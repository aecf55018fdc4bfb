package io.bytemeter.smoke;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PromQL query in the README, asked of a real Prometheus that scrapes the demos (cache,
 * library caches, IDs, gRPC, Kafka) through file-based service discovery: each parses and returns
 * data, unless a {@code # may be empty: why} comment line stands before it. A query that names a
 * metric or label the agent does not export fails here. And {@code promtool check metrics} finds
 * nothing to say of each demo's scrape.
 */
class PromqlSmokeTest {

    private static final Path README = DemoProcess.DEMO_APPS.getParent().resolve("README.md");

    @Test
    void everyReadmeQueryReturnsData(@TempDir Path dir) throws Exception {
        List<DemoProcess> demos = new ArrayList<>();
        try {
            demos.add(DemoProcess.startDemo("cache-demo"));
            demos.add(DemoProcess.startMain(LibraryCacheSmokeTest.classpath("current"), "demo.librarycache.LibraryCacheDemo"));
            demos.add(DemoProcess.startMain(IdDemoSmokeTest.classpath("current"), "demo.ids.IdDemo"));
            demos.add(DemoProcess.startMain(GrpcDemoSmokeTest.classpath("current"), "demo.grpc.GrpcDemo"));
            demos.add(DemoProcess.startMain(KafkaSmokeTest.demoClasspath(null), "demo.kafka.OrderPipeline"));
            List<String> targets = new ArrayList<>();
            for (DemoProcess demo : demos) {
                demo.counts();
                targets.add("\"127.0.0.1:" + demo.metricsPort() + "\"");
                String lint = promtoolCheckMetrics(Scrape.get(demo.metricsPort(), "/metrics", null).body());
                assertTrue(lint.isEmpty(), "promtool check metrics on " + demo.output().lines().findFirst().orElse("") + ":\n" + lint);
            }
            Path sd = dir.resolve("targets.json");
            Files.writeString(sd, "[{\"targets\": [" + String.join(", ", targets) + "], \"labels\": {\"env\": \"smoke\"}}]");
            try (PrometheusServer prometheus = PrometheusServer.start(dir,
                    "  - job_name: demos\n    file_sd_configs: [{files: ['" + sd + "'], refresh_interval: 1s}]\n")) {
                prometheus.await(Duration.ofSeconds(60), answer -> answer.contains("\"value\":[") && answer.matches("(?s).*\"" + targets.size() + "\".*"),
                        () -> prometheus.query("count(up{job=\"demos\"} == 1)"));
                // rate() needs two samples of a series: wait for three scrapes of every demo
                prometheus.await(Duration.ofSeconds(60), answer -> answer.matches("(?s).*\"value\":\\[[^,]+,\"" + targets.size() + "\"\\].*"),
                        () -> prometheus.query("count(count_over_time(up{job=\"demos\"}[5m]) >= 3)"));
                List<String> failures = new ArrayList<>();
                List<Query> queries = readmeQueries();
                assertTrue(queries.size() >= 20, "the README's PromQL blocks: " + queries.size() + " queries found");
                for (Query query : queries) {
                    String answer = prometheus.query(query.text);
                    if (!answer.contains("\"status\":\"success\"")) {
                        failures.add(query.text + "\n  -> " + answer);
                    } else if (!query.mayBeEmpty && answer.contains("\"result\":[]")) {
                        failures.add(query.text + "\n  -> no data");
                    }
                }
                assertTrue(failures.isEmpty(), "README queries that failed or returned nothing:\n" + String.join("\n", failures));
            }
        } finally {
            demos.forEach(DemoProcess::close);
        }
    }

    private record Query(String text, boolean mayBeEmpty) {}

    /** What {@code promtool check metrics} says of a scrape: nothing when it is clean. */
    private static String promtoolCheckMetrics(String scrape) throws Exception {
        Process process = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output.trim();
    }

    /** The queries of the README's {@code promql} blocks: a line, with the indented lines after it. */
    private static List<Query> readmeQueries() throws Exception {
        List<Query> queries = new ArrayList<>();
        boolean inBlock = false;
        boolean nextMayBeEmpty = false;
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("```")) {
                inBlock = line.equals("```promql");
            } else if (!inBlock || line.isBlank()) {
                continue;
            } else if (line.startsWith("# may be empty:")) {
                nextMayBeEmpty = true;
            } else if (Character.isWhitespace(line.charAt(0)) && !queries.isEmpty()) {
                Query last = queries.remove(queries.size() - 1);
                queries.add(new Query(last.text + "\n" + line, last.mayBeEmpty));
            } else {
                queries.add(new Query(line, nextMayBeEmpty));
                nextMayBeEmpty = false;
            }
        }
        return queries;
    }
}
