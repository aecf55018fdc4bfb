package io.bytemeter.smoke.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.RocketMqBroker;
import io.bytemeter.smoke.Scrape;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Apache RocketMQ's remoting client against a real name server and broker, with nothing but
 * {@code -javaagent}: per topic and consumer group, messages and bytes sent (synchronously, in
 * batches, asynchronously, one way) and received (a concurrent and an orderly push consumer, a lite
 * pull consumer) equal the app's own counts, and the broker's: messages stored per topic, offsets
 * each group committed, and the orders the billing listener asked for again, which the client sent
 * back to the group's retry topic. Under rocketmq-client 5.3.3 and 4.9.8.
 */
class RocketMqSmokeTest extends AbstractRocketMqSmokeTest {

    private static final Path MATRIX = Paths.get(System.getProperty("matrix.dir"));

    @ParameterizedTest
    @ValueSource(strings = {"5.3.3", "4.9.8"})
    void sentAndReceivedEqualTheAppsAndTheBrokersCounts(String version) throws Exception {
        List<Path> classpath = version.equals("5.3.3") ? DemoProcess.libraryDemoClasspath("rocketmq-demo", List.of())
                : DemoProcess.libraryDemoClasspath("rocketmq-demo", List.of(MATRIX.resolve("rocketmq-client-4.9.8.jar"),
                        MATRIX.resolve("rocketmq-common-4.9.8.jar"), MATRIX.resolve("rocketmq-remoting-4.9.8.jar"),
                        MATRIX.resolve("rocketmq-logging-4.9.8.jar")), "rocketmq-client-", "rocketmq-common-", "rocketmq-remoting-");
        try (RocketMqBroker broker = RocketMqBroker.start(dir);
                DemoProcess demo = DemoProcess.startMain(classpath, "demo.rocketmq.RocketMqDemo", "-Ddemo.rocketmq.namesrv=" + broker.nameServer,
                        "-Ddemo.messages=300")) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            // every send timed: synchronous to the broker's answer, asynchronous to the callback, one way to the write
            assertTopics(scrape, counts);
            long nacked = counts.get("nacked.orders");
            assertTrue(nacked > 0, "the billing listener asked for some orders again: " + counts);
            assertEquals(nacked, scrape.count("messaging_client_settlements_total", "messaging_system", system(), "messaging_operation_name", "nack"));
            assertEquals(counts.get("received.orders") - nacked + counts.get("received.payments"), scrape.count("messaging_client_settlements_total",
                    "messaging_system", system(), "messaging_operation_name", "ack"), "every push delivery the listeners consumed");
            assertEquals(counts.get("received.orders") - nacked, counts.get("sent.orders"), "each order consumed once, after its second try");

            // the push groups' offsets, which their consumers commit as they shut down (4.9's lite pull consumer may leave its last poll
            // uncommitted, so archive's are not compared)
            Map<String, Long> brokers = broker.counts(List.of("orders", "payments", "audit", "%RETRY%billing"), List.of("billing", "ledger"));
            assertStored(scrape, brokers);
            assertEquals(brokers.get("stored.orders"), brokers.get("committed.billing.orders"), "orders all consumed: " + brokers);
            assertEquals(brokers.get("stored.payments"), brokers.get("committed.ledger.payments"), "payments all consumed: " + brokers);
            assertEquals(brokers.get("stored.%RETRY%billing"), nacked, "the orders asked for again, sent back to the group's retry topic");
            assertEveryReceiveHasItsGroup(scrape);
            assertHealthy(demo, scrape);
        }
    }

    /**
     * A broker that goes away: each synchronous send the app saw fail (after the client's own
     * retries) is one error, by the type the app caught, and the app carries on.
     */
    @Test
    void aBrokerThatGoesAwayCountsTheSendsTheAppSawFail() throws Exception {
        RocketMqBroker broker = RocketMqBroker.start(dir);
        assertFailedSendsAgree(broker, () -> DemoProcess.startMain(DemoProcess.libraryDemoClasspath("rocketmq-demo", List.of()),
                "demo.rocketmq.VanishingBrokerApp", "-Ddemo.rocketmq.namesrv=" + broker.nameServer), "orders", 20, 10);
    }
}
