package io.bytemeter.smoke.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.Scrape;
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
class JmsSmokeTest extends AbstractMessagingSmokeTest {

    @Test
    void javaxJmsSentAndConsumedEqualTheAppsCounts() throws Exception {
        try (DemoProcess demo = DemoProcess.startMain(DemoProcess.libraryDemoClasspath("jms-demo", List.of()), "demo.jms.JmsDemo")) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            // text bodies in UTF-8; audit records sent with send(destination, message) and taken with receive
            assertFlows(scrape, List.of(
                    Flow.of("orders", counts.get("orders.sent"), counts.get("orders.bytes"), counts.get("orders.handled"),
                            counts.get("orders.handled_bytes")),
                    Flow.of("audit", counts.get("audit.sent"), null, counts.get("audit.received"), counts.get("audit.received_bytes"))));
            assertEquals(counts.get("orders.handled"), count(scrape, "messaging_process_duration_seconds_count", "orders"),
                    "the listener's processing time per message");
            assertEquals(counts.get("audit.received"), count(scrape, "messaging_record_age_seconds_count", "audit"), "JMSTimestamp");
            assertHealthy(demo, scrape);
        }
    }

    @Test
    void jakartaJmsSentAndConsumedEqualTheAppsCounts() throws Exception {
        try (DemoProcess app = DemoProcess.startFixture(JakartaJmsApp.class)) {
            Map<String, Long> counts = app.counts();
            Scrape scrape = app.scrape();
            assertFlows(scrape, List.of(
                    Flow.of("orders", counts.get("orders.sent"), counts.get("orders.bytes"), counts.get("orders.sent"),
                            counts.get("orders.handled_bytes")),
                    Flow.of("refunds", counts.get("refunds.received"), null, counts.get("refunds.received"), null)));
            assertEquals(counts.get("orders.sent"), count(scrape, "messaging_process_duration_seconds_count", "orders"));
        }
    }

    @Override
    String system() {
        return "jms";
    }
}
