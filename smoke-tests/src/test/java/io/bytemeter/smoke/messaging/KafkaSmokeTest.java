package io.bytemeter.smoke.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.Scrape;
import io.bytemeter.smoke.fixtures.DeadBrokerApp;
import io.bytemeter.smoke.fixtures.ShortLivedConsumerApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kafka against a real single-node KRaft broker on loopback, with nothing but {@code -javaagent}:
 * messages and bytes equal what the app sent and received, lag is non-zero for a slow group and
 * zero once it catches up, and a send to a broker that is down is an error while the app goes on.
 */
public class KafkaSmokeTest extends AbstractMessagingSmokeTest {

    private static final Path DEMO = DemoProcess.DEMO_APPS.resolve("kafka-demo/target");
    private static final Path MATRIX = Paths.get(System.getProperty("matrix.dir"));
    private static final Pattern ANALYTICS = Pattern.compile("analytics counts: analytics_consumed=(\\d+) analytics_bytes=(\\d+)");
    private static final Pattern BROKER = Pattern.compile("broker ready: bootstrap=(\\S+)");

    /** The demo with its own kafka-clients (null), or with the given version in its place. */
    public static List<Path> demoClasspath(String clientsVersion) throws IOException {
        List<Path> classpath = new ArrayList<>();
        classpath.add(DEMO.resolve("kafka-demo.jar"));
        if (clientsVersion != null) {
            classpath.add(MATRIX.resolve("kafka-clients-" + clientsVersion + ".jar"));
        }
        try (Stream<Path> libs = Files.list(DEMO.resolve("lib"))) {
            classpath.addAll(libs.sorted()
                    .filter(p -> !(clientsVersion != null && p.getFileName().toString().startsWith("kafka-clients-")))
                    .collect(Collectors.toList()));
        }
        return classpath;
    }

    @Test
    void orderPipelineCountsEqualTheAppsAndLagFallsToZero() throws Exception {
        try (DemoProcess demo = DemoProcess.startMain(demoClasspath(null), "demo.kafka.OrderPipeline")) {
            demo.awaitLine(Pattern.compile("kafka-clients 4\\.3\\.1$"));
            checkPipeline(demo, true);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.9.1", "2.8.2"})
    void olderKafkaClientsAgainstTheSameBroker(String version) throws Exception {
        try (DemoProcess broker = DemoProcess.startMain(demoClasspath(null), "demo.kafka.BrokerMain")) {
            String bootstrap = broker.awaitLine(BROKER).group(1);
            try (DemoProcess demo = DemoProcess.startMain(demoClasspath(version), "demo.kafka.OrderPipeline",
                    "-Ddemo.bootstrap=" + bootstrap)) {
                demo.awaitLine(Pattern.compile("kafka-clients " + Pattern.quote(version) + "$"));
                checkPipeline(demo, !version.startsWith("2."));
            }
        }
    }

    /** @param lag whether the client can report lag ({@code currentLag} came with kafka-clients 3.0) */
    public void checkPipeline(DemoProcess demo, boolean lag) throws Exception {
        Map<String, Long> counts = demo.counts();
        Scrape scrape = demo.scrape();
        assertFlows(scrape, List.of(new Flow("orders", "billing", counts.get("sent"), counts.get("sent_bytes"),
                counts.get("billing_consumed"), counts.get("billing_bytes"))));
        assertEquals(counts.get("sent"), scrape.count("messaging_client_operation_duration_seconds_count",
                "messaging_destination_name", "orders", "messaging_operation_name", "send"));
        assertEquals(counts.get("send_errors"), scrape.count("messaging_client_operation_errors_total",
                "messaging_destination_name", "orders with spaces", "error_type", "org.apache.kafka.common.errors.InvalidTopicException"));

        if (lag) {
            Scrape lagging = awaitScrape(demo, s -> lagReported(s, "billing") && lagReported(s, "analytics")
                    && s.sum("messaging_consumer_lag", "messaging_consumer_group_name", "billing") == 0);
            assertTrue(lagging.sum("messaging_consumer_lag", "messaging_consumer_group_name", "analytics") > 0,
                    "the slow group has lag:\n" + lagging.text);
        }

        demo.send("catch-up");
        Matcher analytics = demo.awaitLine(ANALYTICS);
        long analyzed = Long.parseLong(analytics.group(1));
        Scrape caughtUp = lag
                ? awaitScrape(demo, s -> s.sum("messaging_consumer_lag", "messaging_consumer_group_name", "analytics") == 0)
                : awaitScrape(demo, s -> s.sum("messaging_client_consumed_messages_total", "messaging_consumer_group_name", "analytics") == analyzed);
        assertEquals(analyzed, caughtUp.count("messaging_client_consumed_messages_total",
                "messaging_consumer_group_name", "analytics"));
        assertEquals(Long.parseLong(analytics.group(2)), caughtUp.count("messaging_client_consumed_bytes_total",
                "messaging_consumer_group_name", "analytics"));
        assertEquals(analyzed, caughtUp.count("messaging_record_age_seconds_count",
                "messaging_consumer_group_name", "analytics"));
        assertEquals(lag ? 3 : 0, caughtUp.samples.stream().filter(x -> x.name().equals("messaging_consumer_lag")
                && "analytics".equals(x.labels().get("messaging_consumer_group_name"))).count(), "one lag per partition, if any");
        assertHealthy(demo, caughtUp);
    }

    @Override
    String system() {
        return "kafka";
    }

    private static boolean lagReported(Scrape scrape, String group) {
        return scrape.samples.stream().anyMatch(x -> x.name().equals("messaging_consumer_lag")
                && group.equals(x.labels().get("messaging_consumer_group_name")));
    }

    /** Scrapes until {@code condition} holds, for up to 20 s (lag is reported once a second). */
    private static Scrape awaitScrape(DemoProcess demo, java.util.function.Predicate<Scrape> condition) throws Exception {
        Scrape scrape = demo.scrape();
        for (int i = 0; i < 100 && !condition.test(scrape); i++) {
            Thread.sleep(200);
            scrape = demo.scrape();
        }
        assertTrue(condition.test(scrape), scrape.text);
        return scrape;
    }

    @Test
    void sendsToABrokerThatIsDownAreErrorsTheAppCarriesOnAndTopicsAreCapped() throws Exception {
        try (DemoProcess app = DemoProcess.startFixture(DeadBrokerApp.class, "-Dbytemeter.series.max=5")) {
            assertEquals(20, app.counts().get("failed"), "each callback saw its failure");
            app.awaitLine(Pattern.compile("still running"));
            Scrape scrape = app.scrape();
            assertEquals(20, scrape.count("messaging_client_operation_errors_total",
                    "error_type", "org.apache.kafka.common.errors.TimeoutException"));
            long topics = scrape.samples.stream().filter(s -> s.name().equals("messaging_client_sent_messages_total"))
                    .map(s -> s.labels().get("messaging_destination_name")).distinct().count();
            assertEquals(6, topics, "five topics and _overflow:\n" + scrape.text);
            assertEquals(15, scrape.count("bytemeter_series_dropped_total", "instrumentation", "messaging.client.sent.messages"));
            assertEquals(0, scrape.count("messaging_client_sent_messages_total", "messaging_destination_name", "_overflow"));
        }
    }
    /** A consumer that drains a topic and closes in under a second shows its true last lag: 0. */
    @Test
    void aShortLivedConsumerShowsItsTrueLastLag() throws Exception {
        try (DemoProcess broker = DemoProcess.startMain(demoClasspath(null), "demo.kafka.BrokerMain")) {
            String bootstrap = broker.awaitLine(BROKER).group(1);
            try (DemoProcess app = DemoProcess.startFixture(ShortLivedConsumerApp.class, "-Dbootstrap=" + bootstrap)) {
                Map<String, Long> counts = app.counts();
                assertEquals(3000, counts.get("consumed"));
                assertTrue(counts.get("lived_ms") < 1000, "the consumer lived under a second: " + counts);
                Scrape scrape = app.scrape();
                for (int partition = 0; partition < 3; partition++) {
                    String[] labels = {"messaging_consumer_group_name", "perf", "messaging_destination_name", "drain",
                        "messaging_destination_partition_id", Integer.toString(partition)};
                    assertTrue(scrape.text.contains("messaging_consumer_lag{"), "a lag series after the close:\n" + scrape.text);
                    assertEquals(0, scrape.count("messaging_consumer_lag", labels), "partition " + partition + "\n" + scrape.text);
                    assertEquals(1, scrape.samples.stream().filter(s -> s.name().equals("messaging_consumer_lag")
                            && s.labels().get("messaging_destination_partition_id").equals(labels[5])).count());
                }
            }
        }
    }
}
