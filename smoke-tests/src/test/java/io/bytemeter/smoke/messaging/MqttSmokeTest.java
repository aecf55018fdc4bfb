package io.bytemeter.smoke.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.MosquittoServer;
import io.bytemeter.smoke.Scrape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eclipse Paho's MQTT v3 client against a real mosquitto, with nothing but {@code -javaagent}: per
 * topic, the messages sent and received equal the app's own counts, and together what the broker
 * counted in its {@code $SYS} tree; QoS 1 and 2 sends are timed to the broker's answer.
 */
class MqttSmokeTest {

    private static final List<String> TOPICS = List.of("sensors/temperature", "sensors/humidity", "sensors/door", "alerts/fire");

    @TempDir
    Path dir;

    @Test
    void publishesAndDeliveriesEqualTheAppsAndTheBrokersCounts() throws Exception {
        try (MosquittoServer broker = MosquittoServer.start(dir);
                DemoProcess demo = DemoProcess.startMain(DemoProcess.libraryDemoClasspath("mqtt-demo", List.of()), "demo.mqtt.MqttDemo",
                        "-Ddemo.mqtt.port=" + broker.port)) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            long received = 0;
            for (String topic : TOPICS) {
                long sent = scrape.count("messaging_client_sent_messages_total", "messaging_system", "mqtt", "messaging_destination_name", topic);
                assertEquals(counts.get("sent." + topic), sent, topic + " sent");
                assertEquals(sent, scrape.count("messaging_client_operation_duration_seconds_count", "messaging_system", "mqtt",
                        "messaging_destination_name", topic, "messaging_operation_name", "send"), topic + ": every send timed");
                long topicReceived = Math.round(scrape.sum("messaging_client_consumed_messages_total", "messaging_system", "mqtt",
                        "messaging_destination_name", topic));
                assertEquals(counts.get("received." + topic), topicReceived, topic + " received");
                received += topicReceived;
            }
            assertEquals(3_000, received, "every reading the subscriber asked for arrived: " + counts);
            // QoS 1 and 2 sends last until the broker's answer, a round trip: none under 10 µs
            assertEquals(0, scrape.count("messaging_client_operation_duration_seconds_bucket", "messaging_system", "mqtt",
                    "messaging_destination_name", "alerts/fire", "messaging_operation_name", "send", "le", "1.0E-5"));

            Map<String, Long> sys = broker.sysCounters("publish/messages/received", "publish/bytes/received", "publish/messages/sent",
                    "publish/bytes/sent");
            // mosquitto 2.0 leaves QoS 2 publishes out of publish/messages/received (its bytes count every one)
            assertEquals(sys.get("publish/messages/received"), scrape.count("messaging_client_sent_messages_total", "messaging_system",
                    "mqtt", "messaging_destination_name", "sensors/temperature") + scrape.count("messaging_client_sent_messages_total",
                    "messaging_system", "mqtt", "messaging_destination_name", "sensors/humidity"), "$SYS publish/messages/received: QoS 0 and 1");
            assertEquals(sys.get("publish/bytes/received"), Math.round(scrape.sum("messaging_client_sent_bytes_total", "messaging_system", "mqtt")),
                    "$SYS publish/bytes/received");
            assertEquals(sys.get("publish/messages/sent"), received, "$SYS publish/messages/sent");
            assertEquals(sys.get("publish/bytes/sent"), Math.round(scrape.sum("messaging_client_consumed_bytes_total", "messaging_system", "mqtt")),
                    "$SYS publish/bytes/sent");
            assertFalse(scrape.text.contains("bytemeter_recorder_errors_total{"), "no recorder failed");
            assertTrue(demo.isAlive());
        }
    }

    /** {@code bytemeter.mqtt.topics}: the sensors' topics under one filter, the alerts' as they are. */
    @Test
    void topicsThatMatchAFilterShareItsSeries() throws Exception {
        try (MosquittoServer broker = MosquittoServer.start(dir);
                DemoProcess demo = DemoProcess.startMain(DemoProcess.libraryDemoClasspath("mqtt-demo", List.of()), "demo.mqtt.MqttDemo",
                        "-Ddemo.mqtt.port=" + broker.port, "-Ddemo.messages=400", "-Dbytemeter.mqtt.topics=sensors/+,bad/#/filter")) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            long sensorsSent = 0;
            long sensorsReceived = 0;
            for (String topic : TOPICS.subList(0, 3)) {
                sensorsSent += counts.get("sent." + topic);
                sensorsReceived += counts.get("received." + topic);
                assertFalse(scrape.text.contains("\"" + topic + "\""), topic + " is not a series of its own");
            }
            assertEquals(sensorsSent, scrape.count("messaging_client_sent_messages_total", "messaging_destination_name", "sensors/+"));
            assertEquals(sensorsReceived, scrape.count("messaging_client_consumed_messages_total", "messaging_destination_name", "sensors/+"));
            assertEquals(counts.get("sent.alerts/fire"), scrape.count("messaging_client_sent_messages_total", "messaging_destination_name",
                    "alerts/fire"));
            assertTrue(demo.output().contains("bytemeter.mqtt.topics: bad/#/filter is not a topic filter"), demo.output());
        }
    }
}
