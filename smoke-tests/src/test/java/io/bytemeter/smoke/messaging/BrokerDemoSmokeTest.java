package io.bytemeter.smoke.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.Scrape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The broker demo under the agent: messages and bytes per topic against the demo's own counts. */
class BrokerDemoSmokeTest extends AbstractMessagingSmokeTest {

    private static final String SYSTEM = "InMemoryBroker";
    private static DemoProcess demo;
    private static Map<String, Long> counts;
    private static Scrape scrape;

    @BeforeAll
    static void runDemo() throws Exception {
        demo = DemoProcess.startDemo("broker-demo");
        counts = demo.counts();
        scrape = demo.scrape();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders", "payments"})
    void sentMessagesAndBytesEqualTheDemosOwnCounts(String topic) {
        assertFlows(scrape, List.of(Flow.of(topic, counts.get(topic + ".sent"), counts.get(topic + ".sent_bytes"), null, null)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders", "payments"})
    void consumedMessagesAndBytesEqualTheDemosOwnCounts(String topic) {
        assertFlows(scrape, List.of(Flow.of(topic, null, null, counts.get(topic + ".consumed"), counts.get(topic + ".consumed_bytes"))));
    }

    @Override
    String system() {
        return SYSTEM;
    }

    @Test
    void failedSendsAreCountedByErrorTypeAndNotAsMessages() {
        assertEquals(counts.get("produce_errors"), scrape.count("messaging_client_operation_errors_total",
                "messaging_destination_name", "refunds", "error_type", "demo.broker.UnknownTopicException"));
        assertEquals(0, scrape.count("messaging_client_sent_messages_total", "messaging_destination_name", "refunds"));
    }

    @Test
    void sendLatencyHasSensibleQuantiles() {
        double p50 = scrape.quantile(0.5, "messaging_client_operation_duration_seconds", "messaging_operation_name", "send");
        double p99 = scrape.quantile(0.99, "messaging_client_operation_duration_seconds", "messaging_operation_name", "send");
        assertTrue(p50 > 0 && p50 <= p99 && p99 < 0.1, "p50=" + p50 + " p99=" + p99);
    }

    @Test
    void theSlowGroupIsLeftWithLag() {
        assertTrue(counts.get("analytics.lag") > 0, demo.output());
        assertEquals(0, counts.get("billing.lag"));
    }
}
