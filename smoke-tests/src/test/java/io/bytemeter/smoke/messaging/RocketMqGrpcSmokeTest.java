package io.bytemeter.smoke.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.RocketMqBroker;
import io.bytemeter.smoke.Scrape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Apache RocketMQ's 5.x gRPC client against a real proxy, name server and broker, with nothing but
 * {@code -javaagent}: per topic and consumer group, messages and bytes sent (waiting for each send,
 * and not) and received (a push consumer, simple consumers waiting for their receives and acks, and
 * not) equal the app's own counts, and the broker's: messages stored per topic and the offsets each
 * group committed; the listener's failures are nacks, every other message an ack. Under
 * rocketmq-client-java 5.2.0 and 5.0.8. A proxy that goes away: the sends the app saw fail are
 * errors.
 */
class RocketMqGrpcSmokeTest extends AbstractRocketMqSmokeTest {

    @ParameterizedTest
    @ValueSource(strings = {"5.2.0", "5.0.8"})
    void sentAndReceivedEqualTheAppsAndTheBrokersCounts(String version) throws Exception {
        try (RocketMqBroker broker = RocketMqBroker.start(dir, true);
                DemoProcess demo = DemoProcess.startMain(demoClasspath("rocketmq-grpc-demo", "rocketmq-client-java", version, "5.2.0"),
                        "demo.rocketmq.grpc.RocketMqGrpcDemo", "-Ddemo.rocketmq.endpoints=" + broker.proxy, "-Ddemo.messages=200")) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            // every send timed, to the proxy's answer whether the app waited for it or not
            assertTopics(scrape, counts);
            assertEquals(counts.get("received.orders"), scrape.count("messaging_process_duration_seconds_count", "messaging_system", system(),
                    "messaging_destination_name", "orders", "messaging_consumer_group_name", "billing"), "the listener's time on each order");
            long nacked = counts.get("nacked.orders");
            assertTrue(nacked > 0, "the billing listener failed some orders: " + counts);
            assertEquals(counts.get("received.orders") - nacked, counts.get("sent.orders"), "each order consumed once, after its second try");
            assertEquals(nacked, scrape.count("messaging_client_settlements_total", "messaging_system", system(), "messaging_operation_name", "nack"));
            assertEquals(counts.get("received.orders") - nacked + counts.get("received.payments") + counts.get("received.audit"),
                    scrape.count("messaging_client_settlements_total", "messaging_system", system(), "messaging_operation_name", "ack"),
                    "every order the listener consumed, every payment and audit record the app acknowledged");

            Map<String, Long> brokers = broker.counts(TOPICS, List.of("billing:orders", "ledger:payments", "archive:audit"));
            assertStored(scrape, brokers);
            for (String topic : TOPICS) {
                assertEquals(brokers.get("stored." + topic), brokers.get("committed." + GROUPS.get(topic) + "." + topic),
                        topic + " all consumed: " + brokers);
            }
            assertEveryReceiveHasItsGroup(scrape);
            assertHealthy(demo, scrape);
        }
    }

    /**
     * A proxy that goes away: each send the app saw fail (after the client's own retries), waited
     * for or not, is one error, by the type the app caught, and the app carries on.
     */
    @Test
    void aProxyThatGoesAwayCountsTheSendsTheAppSawFail() throws Exception {
        RocketMqBroker broker = RocketMqBroker.start(dir, true);
        assertFailedSendsAgree(broker, () -> DemoProcess.startMain(DemoProcess.libraryDemoClasspath("rocketmq-grpc-demo", List.of()),
                "demo.rocketmq.grpc.VanishingProxyApp", "-Ddemo.rocketmq.endpoints=" + broker.proxy), "orders", 20, 10);
    }
}
