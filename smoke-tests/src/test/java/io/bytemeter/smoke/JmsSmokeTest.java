package io.bytemeter.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.fixtures.JakartaJmsApp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JMS against a real broker, which each app starts on a loopback port (clients over TCP): javax.jms
 * on ActiveMQ 5.18 (the jms-demo) and jakarta.jms on ActiveMQ 6.1 (a fixture). Messages and bytes
 * sent and consumed per destination equal the app's own counts, through a listener and through
 * {@code receive}, with nothing but {@code -javaagent}.
 */
class JmsSmokeTest {

    @Test
    void javaxJmsSentAndConsumedEqualTheAppsCounts() throws Exception {
        try (DemoProcess demo = DemoProcess.startMain(DemoProcess.libraryDemoClasspath("jms-demo", List.of()), "demo.jms.JmsDemo")) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            assertEquals(counts.get("orders.sent"), count(scrape, "messaging_client_sent_messages_total", "orders"), scrape.text);
            assertEquals(counts.get("orders.bytes"), count(scrape, "messaging_client_sent_bytes_total", "orders"), "text bodies in UTF-8");
            assertEquals(counts.get("audit.sent"), count(scrape, "messaging_client_sent_messages_total", "audit"), "send(destination, message)");
            assertEquals(counts.get("orders.handled"), count(scrape, "messaging_client_consumed_messages_total", "orders"));
            assertEquals(counts.get("orders.handled_bytes"), count(scrape, "messaging_client_consumed_bytes_total", "orders"));
            assertEquals(counts.get("orders.handled"), count(scrape, "messaging_process_duration_seconds_count", "orders"),
                    "the listener's processing time per message");
            assertEquals(counts.get("audit.received"), count(scrape, "messaging_client_consumed_messages_total", "audit"));
            assertEquals(counts.get("audit.received_bytes"), count(scrape, "messaging_client_consumed_bytes_total", "audit"));
            assertEquals(counts.get("audit.received"), count(scrape, "messaging_record_age_seconds_count", "audit"), "JMSTimestamp");
            assertFalse(scrape.text.contains("bytemeter_recorder_errors_total{"), "no recorder failed");
            assertTrue(demo.isAlive());
        }
    }

    @Test
    void jakartaJmsSentAndConsumedEqualTheAppsCounts() throws Exception {
        try (DemoProcess app = DemoProcess.startFixture(JakartaJmsApp.class)) {
            Map<String, Long> counts = app.counts();
            Scrape scrape = app.scrape();
            assertEquals(counts.get("orders.sent"), count(scrape, "messaging_client_sent_messages_total", "orders"), scrape.text);
            assertEquals(counts.get("orders.bytes"), count(scrape, "messaging_client_sent_bytes_total", "orders"));
            assertEquals(counts.get("orders.sent"), count(scrape, "messaging_client_consumed_messages_total", "orders"));
            assertEquals(counts.get("orders.handled_bytes"), count(scrape, "messaging_client_consumed_bytes_total", "orders"));
            assertEquals(counts.get("orders.sent"), count(scrape, "messaging_process_duration_seconds_count", "orders"));
            assertEquals(counts.get("refunds.received"), count(scrape, "messaging_client_consumed_messages_total", "refunds"));
            assertEquals(counts.get("refunds.received"), count(scrape, "messaging_client_sent_messages_total", "refunds"));
        }
    }

    private static long count(Scrape scrape, String metric, String destination) {
        return scrape.count(metric, "messaging_system", "jms", "messaging_destination_name", destination);
    }
}
