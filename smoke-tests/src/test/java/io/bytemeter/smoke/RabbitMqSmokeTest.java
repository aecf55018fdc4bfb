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
 * RabbitMQ against a real broker ({@code rabbitmq-server}): what the demo sent, received and
 * settled, per destination, equals its own counts, with nothing but {@code -javaagent}; returned
 * and failed publishes are errors while the app carries on. Under the demo's amqp-client 5.27.0
 * and the older 5.14.2.
 */
class RabbitMqSmokeTest {

    private static final Path MATRIX = Paths.get(System.getProperty("matrix.dir"));

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"5.27.0", "5.14.2"})
    void sentReceivedAndSettledEqualTheAppsCounts(String version) throws Exception {
        List<Path> classpath = version.equals("5.27.0")
                ? DemoProcess.libraryDemoClasspath("rabbitmq-demo", List.of())
                : DemoProcess.libraryDemoClasspath("rabbitmq-demo", List.of(MATRIX.resolve("amqp-client-" + version + ".jar")), "amqp-client-");
        try (RabbitMqServer broker = RabbitMqServer.start(dir);
                DemoProcess demo = DemoProcess.startMain(classpath, "demo.rabbitmq.RabbitMqDemo",
                        "-Ddemo.rabbitmq.port=" + broker.port)) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();

            assertEquals(counts.get("invoices.sent"), count(scrape, "messaging_client_sent_messages_total", "invoices"), scrape.text);
            assertEquals(counts.get("invoices.bytes"), count(scrape, "messaging_client_sent_bytes_total", "invoices"));
            assertEquals(counts.get("audit.sent"), count(scrape, "messaging_client_sent_messages_total", "events:audit.created"));
            assertEquals(counts.get("audit.bytes"), count(scrape, "messaging_client_sent_bytes_total", "events:audit.created"));
            // one publisher's channel is in confirm mode: its sends complete on the broker's ack, each once
            assertEquals(counts.get("invoices.sent"), count(scrape, "messaging_client_operation_duration_seconds_count", "invoices"));

            // pushed to the consumer, and fetched with basicGet, per queue
            assertEquals(counts.get("invoices.delivered"), count(scrape, "messaging_client_consumed_messages_total", "invoices"));
            assertEquals(counts.get("invoices.delivered_bytes"), count(scrape, "messaging_client_consumed_bytes_total", "invoices"));
            assertEquals(counts.get("audit.got"), count(scrape, "messaging_client_consumed_messages_total", "audit"));
            assertEquals(counts.get("audit.got_bytes"), count(scrape, "messaging_client_consumed_bytes_total", "audit"));
            assertEquals(counts.get("invoices.delivered"), count(scrape, "messaging_process_duration_seconds_count", "invoices"),
                    "a processing duration per delivery");
            assertEquals(counts.get("invoices.delivered"), count(scrape, "messaging_record_age_seconds_count", "invoices"),
                    "every invoice carries a timestamp");
            assertEquals(counts.get("audit.got"), scrape.count("messaging_client_operation_duration_seconds_count",
                    "messaging_system", "rabbitmq", "messaging_operation_name", "receive"), "each basicGet that returned a message");

            assertEquals(counts.get("acks"), scrape.count("messaging_client_settlements_total", "messaging_system", "rabbitmq",
                    "messaging_operation_name", "ack"));
            assertEquals(counts.get("nacks"), scrape.count("messaging_client_settlements_total", "messaging_system", "rabbitmq",
                    "messaging_operation_name", "nack"));
            assertEquals(counts.get("rejects"), scrape.count("messaging_client_settlements_total", "messaging_system", "rabbitmq",
                    "messaging_operation_name", "reject"));

            // errors, while the app carried on to print its counts
            assertEquals(counts.get("returned"), scrape.count("messaging_client_operation_errors_total", "messaging_system", "rabbitmq",
                    "messaging_destination_name", "no-such-queue", "error_type", "unroutable"));
            assertEquals(counts.get("closed_errors"), scrape.count("messaging_client_operation_errors_total", "messaging_system", "rabbitmq",
                    "error_type", "com.rabbitmq.client.AlreadyClosedException"));
            assertTrue(counts.get("closed_errors") >= 5, "the demo met closed channels and connections: " + counts);
            assertTrue(demo.isAlive());
            assertFalse(scrape.text.contains("bytemeter_recorder_errors_total{"), "no recorder failed");
            assertTrue(scrape.samples.stream().noneMatch(s -> "_overflow".equals(s.labels().get("messaging_destination_name"))),
                    "every destination has its own series");
        }
    }

    private static long count(Scrape scrape, String metric, String destination) {
        return scrape.count(metric, "messaging_system", "rabbitmq", "messaging_destination_name", destination);
    }
}
