package io.bytemeter.smoke.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.MemcachedServer;
import io.bytemeter.smoke.PostgresServer;
import io.bytemeter.smoke.PrometheusServer;
import io.bytemeter.smoke.SampledCounts;
import io.bytemeter.smoke.Scrape;
import io.bytemeter.smoke.cache.LibraryCacheSmokeTest;
import io.bytemeter.smoke.id.IdDemoSmokeTest;
import io.bytemeter.smoke.messaging.KafkaSmokeTest;
import io.bytemeter.smoke.rpc.GrpcDemoSmokeTest;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PromQL query in the README and {@code docs/}, the Grafana dashboards ({@code dashboards/}, with their
 * variables set to match all and {@code $__rate_interval} to a minute) and the alert rules
 * ({@code alerts/}, without their threshold), asked of a real Prometheus that scrapes the demos
 * (cache, library caches, IDs, Hibernate's IDs, gRPC, Kafka, memcached, Hazelcast, and a cache demo timing one call in 4, whose counters
 * Prometheus must still see exact) through file-based service discovery: each parses and
 * returns data, unless a {@code # may be empty: why} comment stands before it (in a dashboard's
 * expression, its first line). A query that names a metric or label the agent does not export
 * fails here. And {@code promtool check metrics} finds nothing to say of each demo's scrape.
 */
class PromqlSmokeTest {

    private static final Path REPOSITORY = DemoProcess.DEMO_APPS.getParent();
    private static final Pattern DASHBOARD_EXPR = Pattern.compile("\"expr\": \"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern VARIABLE = Pattern.compile("\\$(job|instance|cache|generator|system|destination|group|method)\\b");
    private static final Pattern THRESHOLD = Pattern.compile("\\s*(>|<|>=|<=|==|!=)\\s*[0-9.e+-]+\\s*$");

    @Test
    void everyReadmeQueryReturnsData(@TempDir Path dir) throws Exception {
        List<DemoProcess> demos = new ArrayList<>();
        MemcachedServer memcached = MemcachedServer.start(dir);
        PostgresServer postgres = null;
        try {
            postgres = PostgresServer.start();
            demos.add(DemoProcess.startDemo("cache-demo"));
            // with miss-ratio curves, for the cache dashboard's sizing panel and the caches page's query
            demos.add(DemoProcess.startMain(LibraryCacheSmokeTest.classpath("current"), "demo.librarycache.LibraryCacheDemo",
                    "-Dbytemeter.cache.sizing=true"));
            demos.add(DemoProcess.startMain(IdDemoSmokeTest.classpath("current"), "demo.ids.IdDemo"));
            demos.add(DemoProcess.startMain(GrpcDemoSmokeTest.classpath("current"), "demo.grpc.GrpcDemo"));
            demos.add(DemoProcess.startMain(KafkaSmokeTest.demoClasspath(null), "demo.kafka.OrderPipeline"));
            // memcached and Hazelcast: the cache family's queries, dashboards and rules serve them as they are
            demos.add(DemoProcess.startMain(DemoProcess.libraryDemoClasspath("memcached-demo", List.of()),
                    "demo.memcached.MemcachedClientsDemo", "-Ddemo.memcached.port=" + memcached.port));
            demos.add(DemoProcess.startMain(DemoProcess.libraryDemoClasspath("hazelcast-demo", List.of()), "demo.hazelcast.HazelcastDemo"));
            // Hibernate: the block fetches' panels, queries and rule
            demos.add(DemoProcess.startMain(DemoProcess.libraryDemoClasspath("hibernate-demo", List.of()), "demo.hibernate.HibernateDemo",
                    "-Ddemo.jdbc.url=" + postgres.jdbcUrl()));
            // a cache demo timing one call in 4: its counters stay exact, its histograms hold a sample
            DemoProcess sampled = DemoProcess.startDemo("cache-demo", "-Dbytemeter.timing.sample=4");
            demos.add(sampled);
            List<String> targets = new ArrayList<>();
            for (DemoProcess demo : demos) {
                demo.counts();
                targets.add("\"127.0.0.1:" + demo.metricsPort() + "\"");
                String lint = promtoolCheckMetrics(Scrape.get(demo.metricsPort(), "/metrics", null).body());
                assertTrue(lint.isEmpty(), "promtool check metrics on " + demo.output().lines().findFirst().orElse("") + ":\n" + lint);
            }
            String sampledTarget = targets.remove(targets.size() - 1);
            Path sd = dir.resolve("targets.json");
            Files.writeString(sd, "[{\"targets\": [" + String.join(", ", targets) + "], \"labels\": {\"env\": \"smoke\"}},"
                    + " {\"targets\": [" + sampledTarget + "], \"labels\": {\"env\": \"smoke\", \"sampled\": \"true\"}}]");
            targets.add(sampledTarget);
            try (PrometheusServer prometheus = PrometheusServer.start(dir,
                    "  - job_name: demos\n    file_sd_configs: [{files: ['" + sd + "'], refresh_interval: 1s}]\n")) {
                prometheus.await(Duration.ofSeconds(60), answer -> answer.contains("\"value\":[") && answer.matches("(?s).*\"" + targets.size() + "\".*"),
                        () -> prometheus.query("count(up{job=\"demos\"} == 1)"));
                // rate() needs two samples of a series: wait for three scrapes of every demo
                prometheus.await(Duration.ofSeconds(60), answer -> answer.matches("(?s).*\"value\":\\[[^,]+,\"" + targets.size() + "\"\\].*"),
                        () -> prometheus.query("count(count_over_time(up{job=\"demos\"}[5m]) >= 3)"));
                // what the dashboards' throughput panels count (the counters) equals the sampled app's own gets,
                // and the histogram, each timed call standing for the calls since the last, stands for them too
                long gets = sampled.counts().get("gets");
                assertEquals(gets, value(prometheus.query("sum(cache_gets_total{sampled=\"true\"})")));
                double timed = value(prometheus.query("sum(cache_operation_duration_seconds_count{sampled=\"true\",operation=\"get\"})"));
                SampledCounts.assertWithinOnePercent(gets, Math.round(timed), "gets timed one in 4, through Prometheus");
                List<String> failures = new ArrayList<>();
                List<Query> queries = documentedQueries();
                assertTrue(queries.size() >= 20, "the documentation's PromQL blocks: " + queries.size() + " queries found");
                List<Query> dashboards = dashboardQueries();
                assertTrue(dashboards.size() >= 40, "the dashboards' expressions: " + dashboards.size() + " found");
                queries.addAll(dashboards);
                List<Query> rules = ruleQueries();
                assertTrue(rules.size() >= 14, "the alert rules' expressions: " + rules.size() + " found");
                queries.addAll(rules);
                for (Query query : queries) {
                    String answer = prometheus.query(query.text);
                    if (!answer.contains("\"status\":\"success\"")) {
                        failures.add(query.text + "\n  -> " + answer);
                    } else if (!query.mayBeEmpty && answer.contains("\"result\":[]")) {
                        failures.add(query.text + "\n  -> no data");
                    }
                }
                assertTrue(failures.isEmpty(), "queries that failed or returned nothing:\n" + String.join("\n", failures));
            }
        } finally {
            demos.forEach(DemoProcess::close);
            memcached.close();
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private record Query(String text, boolean mayBeEmpty) {}

    /** The one value of an instant query's answer. */
    private static long value(String answer) {
        Matcher m = Pattern.compile("\"value\":\\[[^,]+,\"([0-9.e+]+)\"\\]").matcher(answer);
        assertTrue(m.find(), answer);
        return Math.round(Double.parseDouble(m.group(1)));
    }

    /** Each dashboard target's expression, its variables matching all, as Grafana would send it. */
    private static List<Query> dashboardQueries() throws Exception {
        List<Query> queries = new ArrayList<>();
        try (Stream<Path> files = Files.list(REPOSITORY.resolve("dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                Matcher m = DASHBOARD_EXPR.matcher(Files.readString(file));
                while (m.find()) {
                    String expr = m.group(1).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
                    expr = VARIABLE.matcher(expr.replace("$__rate_interval", "1m")).replaceAll(".*");
                    queries.add(new Query(expr, expr.startsWith("# may be empty:")));
                }
            }
        }
        return queries;
    }

    /**
     * Each alert rule's expression without its threshold (so that it returns the series it
     * watches), unless a {@code # may be empty:} comment line stands before its {@code expr:}.
     */
    private static List<Query> ruleQueries() throws Exception {
        List<Query> queries = new ArrayList<>();
        List<String> lines = Files.readAllLines(REPOSITORY.resolve("alerts").resolve("bytemeter-alerts.yml"));
        boolean mayBeEmpty = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.startsWith("# may be empty:")) {
                mayBeEmpty = true;
            } else if (line.startsWith("expr:")) {
                String expr = line.substring("expr:".length()).trim();
                if (expr.equals("|")) {
                    StringBuilder block = new StringBuilder();
                    while (i + 1 < lines.size() && lines.get(i + 1).startsWith("          ")) {
                        block.append(lines.get(++i).trim()).append('\n');
                    }
                    expr = block.toString().trim();
                }
                queries.add(new Query(THRESHOLD.matcher(expr).replaceAll(""), mayBeEmpty));
                mayBeEmpty = false;
            }
        }
        return queries;
    }

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

    /** The queries of the {@code promql} blocks of the README and {@code docs/}: a line, with the indented lines after it. */
    private static List<Query> documentedQueries() throws Exception {
        List<Path> documents = new ArrayList<>(List.of(REPOSITORY.resolve("README.md")));
        try (Stream<Path> pages = Files.list(REPOSITORY.resolve("docs"))) {
            pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        List<Query> queries = new ArrayList<>();
        for (Path document : documents) {
            queries.addAll(queriesOf(document));
        }
        return queries;
    }

    private static List<Query> queriesOf(Path document) throws Exception {
        List<Query> queries = new ArrayList<>();
        boolean inBlock = false;
        boolean nextMayBeEmpty = false;
        for (String line : Files.readAllLines(document)) {
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
