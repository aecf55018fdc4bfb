package io.bytemeter.smoke.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.ElasticMqServer;
import io.bytemeter.smoke.Scrape;
import io.bytemeter.smoke.fixtures.VanishingSqsApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Amazon SQS through the AWS SDK for Java 2.x, synchronous and asynchronous clients, against a real
 * ElasticMQ, with nothing but {@code -javaagent}: per queue, messages and bytes sent and received
 * equal the app's own counts, deletes are settlements, refused batch entries and a missing queue
 * are errors by their AWS error code, and what is left in each queue equals what the server says
 * ({@code GetQueueAttributes}). Under SDK 2.59 (SQS's JSON protocol) and 2.20 (its Query protocol).
 */
class SqsSmokeTest extends AbstractMessagingSmokeTest {

    private static final Pattern CODES = Pattern.compile("error codes: missing=(\\S+) refused=(\\S+)");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqs-demo", "sqs-query-demo"})
    void sentReceivedAndDeletedEqualTheAppsAndTheQueuesCounts(String demoName) throws Exception {
        try (ElasticMqServer server = ElasticMqServer.start(dir);
                DemoProcess demo = DemoProcess.startMain(DemoProcess.libraryDemoClasspath(demoName, List.of()), "demo.sqs.SqsDemo",
                        "-Ddemo.sqs.endpoint=" + server.endpoint())) {
            Matcher codes = demo.awaitLine(CODES);
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            assertFlows(scrape, List.of(
                    Flow.of("orders", counts.get("sent.orders"), counts.get("sentBytes.orders"), counts.get("received.orders"),
                            counts.get("receivedBytes.orders")),
                    Flow.of("events", counts.get("sent.events"), counts.get("sentBytes.events"), counts.get("received.events"),
                            counts.get("receivedBytes.events"))));
            // one duration per message sent, batched or not, timed to the server's answer
            assertEquals(counts.get("sent.orders") + counts.get("refused.orders"), scrape.count("messaging_client_operation_duration_seconds_count",
                    "messaging_system", system(), "messaging_destination_name", "orders", "messaging_operation_name", "send"));
            assertEquals(0, scrape.count("messaging_client_operation_duration_seconds_bucket", "messaging_system", system(),
                    "messaging_destination_name", "orders", "messaging_operation_name", "send", "le", "1.0E-5"), "a round trip each");
            assertEquals(counts.get("received.orders") + counts.get("received.events"),
                    scrape.count("messaging_record_age_seconds_count", "messaging_system", system()), "every message's age, from SentTimestamp");

            assertEquals(6, counts.get("refused.orders"));
            assertEquals(counts.get("refused.orders"), scrape.count("messaging_client_operation_errors_total", "messaging_system", system(),
                    "messaging_destination_name", "orders", "error_type", codes.group(2)), "refused batch entries by their code");
            assertEquals(8, counts.get("failedSends.missing"));
            assertEquals(counts.get("failedSends.missing"), scrape.count("messaging_client_operation_errors_total", "messaging_system", system(),
                    "messaging_destination_name", "missing", "messaging_operation_name", "send", "error_type", codes.group(1)));
            assertEquals(counts.get("failedReceives.missing"), scrape.count("messaging_client_operation_errors_total", "messaging_system",
                    system(), "messaging_destination_name", "missing", "messaging_operation_name", "receive", "error_type", codes.group(1)));
            assertEquals(counts.get("deleted.orders") + counts.get("deleted.events"), scrape.count("messaging_client_settlements_total",
                    "messaging_system", system(), "messaging_operation_name", "ack"));

            // the server's own view: what was sent and not deleted is still there, visible or in flight
            for (String queue : List.of("orders", "events")) {
                Map<String, Long> queueCounts = server.queueCounts(queue);
                long sent = count(scrape, "messaging_client_sent_messages_total", queue);
                long received = count(scrape, "messaging_client_consumed_messages_total", queue);
                long deleted = counts.get("deleted." + queue);
                assertEquals(sent - received, queueCounts.get("ApproximateNumberOfMessages"), queue + " visible: " + queueCounts);
                assertEquals(received - deleted, queueCounts.get("ApproximateNumberOfMessagesNotVisible"), queue + " in flight: " + queueCounts);
            }
            assertTrue(counts.get("received.orders") > counts.get("deleted.orders"), "some orders left in flight");
            assertHealthy(demo, scrape);
        }
    }

    /**
     * A server that goes away: each send the app saw fail (after the SDK's own retries) is one error,
     * by the type the app caught, and the app carries on.
     */
    @Test
    void aServerThatGoesAwayCountsTheSendsTheAppSawFail() throws Exception {
        ElasticMqServer server = ElasticMqServer.start(dir);
        assertFailedSendsAgree(server, () -> DemoProcess.startFixture(VanishingSqsApp.class, "-Dsqs.endpoint=" + server.endpoint()),
                "payments", 20, 10);
    }

    @Override
    String system() {
        return "aws_sqs";
    }
}
