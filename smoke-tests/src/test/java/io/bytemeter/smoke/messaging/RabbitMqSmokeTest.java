package io.bytemeter.smoke.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.RabbitMqServer;
import io.bytemeter.smoke.Scrape;
import java.nio.file.Path;
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
class RabbitMqSmokeTest extends AbstractMessagingSmokeTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"5.27.0", "5.14.2"})
    void sentReceivedAndSettledEqualTheAppsCounts(String version) throws Exception {
        List<Path> classpath = demoClasspath("rabbitmq-demo", "amqp-client", version, "5.27.0");
        try (RabbitMqServer broker = RabbitMqServer.start(dir);
                DemoProcess demo = DemoProcess.startMain(classpath, "demo.rabbitmq.RabbitMqDemo",
                        "-Ddemo.rabbitmq.port=" + broker.port)) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();

            assertFlows(scrape, List.of(
                    Flow.of("invoices", counts.get("invoices.sent"), counts.get("invoices.bytes"),
                            counts.get("invoices.delivered"), counts.get("invoices.delivered_bytes")),
                    Flow.of("events:audit.created", counts.get("audit.sent"), counts.get("audit.bytes"), null, null),
                    Flow.of("audit", null, null, counts.get("audit.got"), counts.get("audit.got_bytes"))));
            // one publisher's channel is in confirm mode: its sends complete on the broker's ack, each once
            assertEquals(counts.get("invoices.sent"), count(scrape, "messaging_client_operation_duration_seconds_count", "invoices"));

            // pushed to the consumer, and fetched with basicGet, per queue
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
            assertHealthy(demo, scrape);
        }
    }

    @Override
    String system() {
        return "rabbitmq";
    }
}
