package io.bytemeter.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NATS against a real {@code nats-server}: messages and bytes sent and received per subject equal
 * the demo's own counts (a dispatcher, a synchronous subscriber, request-reply with replies under
 * {@code _INBOX}), with nothing but {@code -javaagent}; publishes on a closed connection are errors
 * while the app carries on. Under the demo's jnats 2.24.0 and the older 2.16.14.
 */
class NatsSmokeTest {

    private static final Path MATRIX = Paths.get(System.getProperty("matrix.dir"));
    private static final List<String> SUBJECTS = List.of("orders.created", "orders.paid", "audit", "prices.quote", "_INBOX");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"2.24.0", "2.16.14"})
    void sentAndReceivedPerSubjectEqualTheAppsCounts(String version) throws Exception {
        List<Path> classpath = version.equals("2.24.0")
                ? DemoProcess.libraryDemoClasspath("nats-demo", List.of())
                : DemoProcess.libraryDemoClasspath("nats-demo", List.of(MATRIX.resolve("jnats-" + version + ".jar")), "jnats-");
        try (NatsServer server = NatsServer.start(dir);
                DemoProcess demo = DemoProcess.startMain(classpath, "demo.nats.NatsDemo", "-Ddemo.nats.port=" + server.port)) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            for (String subject : SUBJECTS) {
                assertTrue(counts.get("sent." + subject) > 0, subject);
                assertEquals(counts.get("sent." + subject), count(scrape, "messaging_client_sent_messages_total", subject), subject + "\n" + scrape.text);
                assertEquals(counts.get("sent_bytes." + subject), count(scrape, "messaging_client_sent_bytes_total", subject), subject);
                assertEquals(counts.get("received." + subject), count(scrape, "messaging_client_consumed_messages_total", subject), subject);
                assertEquals(counts.get("received_bytes." + subject), count(scrape, "messaging_client_consumed_bytes_total", subject), subject);
            }
            assertEquals(counts.get("closed_errors"), scrape.count("messaging_client_operation_errors_total", "messaging_system", "nats",
                    "error_type", "java.lang.IllegalStateException"));
            assertEquals(5, counts.get("closed_errors"));
            assertTrue(demo.isAlive());
            assertFalse(scrape.text.contains("bytemeter_recorder_errors_total{"), "no recorder failed");
        }
    }

    private static long count(Scrape scrape, String metric, String subject) {
        return scrape.count(metric, "messaging_system", "nats", "messaging_destination_name", subject);
    }
}
