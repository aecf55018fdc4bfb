package io.bytemeter.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.bootstrap.MqttTopics;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code bytemeter.mqtt.topics}: topics recorded under the first filter they match, as a broker matches subscriptions. */
class MqttTopicsTest {

    @AfterEach
    void noFilters() {
        MqttTopics.install(new String[0]);
    }

    @Test
    void aTopicIsRecordedUnderTheFirstFilterItMatches() {
        MqttTopics.install(new String[] {"devices/+/temperature", "devices/#", "+/status", "alerts"});
        Map<String, String> expected = Map.of(
                "devices/4711/temperature", "devices/+/temperature",
                "devices/4711/humidity", "devices/#",
                "devices", "devices/#",
                "devices/4711/temperature/celsius", "devices/#",
                "gateway/status", "+/status",
                "gateway/status/now", "gateway/status/now",
                "alerts", "alerts",
                "alerts/fire", "alerts/fire",
                "device/4711/temperature", "device/4711/temperature",
                "", "");
        expected.forEach((topic, destination) -> assertEquals(destination, MqttTopics.destination(topic), topic));
    }

    @Test
    void withNoFilterATopicIsItself() {
        String topic = "sensors/door";
        assertTrue(MqttTopics.destination(topic) == topic, "the same string: nothing made per message");
    }

    @Test
    void aFilterThatIsNotOneSaysWhy() {
        assertNull(MqttTopics.problem("a/+/b/#"));
        assertEquals("+ must be a whole level", MqttTopics.problem("a/b+"));
        assertEquals("# must be the whole last level", MqttTopics.problem("a/#/b"));
        assertEquals("# must be the whole last level", MqttTopics.problem("a#"));
        assertEquals("an empty filter", MqttTopics.problem(""));
    }
}
