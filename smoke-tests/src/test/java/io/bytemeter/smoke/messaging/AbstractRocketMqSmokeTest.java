package io.bytemeter.smoke.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.Scrape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * What both RocketMQ clients' tests hold their demos to, which run the same order pipeline: three
 * topics, each consumed by a group of its own.
 */
abstract class AbstractRocketMqSmokeTest extends AbstractMessagingSmokeTest {

    static final List<String> TOPICS = List.of("orders", "payments", "audit");
    /** Each topic's consumer group in both demos. */
    static final Map<String, String> GROUPS = Map.of("orders", "billing", "payments", "ledger", "audit", "archive");

    @TempDir
    Path dir;

    /**
     * Per topic and group, messages and bytes sent and received equal the app's {@code counts}
     * ({@code sent.<topic>}, {@code received.<topic>} and their bytes), every send is timed and every
     * message received aged.
     */
    final void assertTopics(Scrape scrape, Map<String, Long> counts) {
        assertFlows(scrape, TOPICS.stream().map(topic -> new Flow(topic, GROUPS.get(topic), counts.get("sent." + topic),
                counts.get("sentBytes." + topic), counts.get("received." + topic), counts.get("receivedBytes." + topic))).toList());
        for (String topic : TOPICS) {
            assertEquals(counts.get("sent." + topic), scrape.count("messaging_client_operation_duration_seconds_count", "messaging_system",
                    system(), "messaging_destination_name", topic, "messaging_operation_name", "send"), topic + ": each send timed");
            assertEquals(counts.get("received." + topic), scrape.count("messaging_record_age_seconds_count", "messaging_system", system(),
                    "messaging_destination_name", topic, "messaging_consumer_group_name", GROUPS.get(topic)), topic + ": each aged");
        }
    }

    /** The broker stored, per topic ({@code stored.<topic>} of {@code RocketMqBroker.counts}), the messages the agent counted sent. */
    final void assertStored(Scrape scrape, Map<String, Long> brokers) {
        for (String topic : TOPICS) {
            assertEquals(brokers.get("stored." + topic), count(scrape, "messaging_client_sent_messages_total", topic), topic + " stored: " + brokers);
        }
    }

    /** Every receive and listener's time is its consumer group's: no series of a topic without one. */
    static void assertEveryReceiveHasItsGroup(Scrape scrape) {
        assertTrue(scrape.samples.stream().filter(s -> "rocketmq".equals(s.labels().get("messaging_system"))
                        && (s.name().startsWith("messaging_client_consumed_") || s.name().startsWith("messaging_process_duration_seconds")))
                .allMatch(s -> s.labels().containsKey("messaging_consumer_group_name")), "every receive by its group:\n" + scrape.text);
    }

    @Override
    final String system() {
        return "rocketmq";
    }
}
