package io.bytemeter.smoke.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.MosquittoServer;
import io.bytemeter.smoke.Scrape;
import io.bytemeter.smoke.fixtures.VanishingHiveMqttApp;
import io.bytemeter.smoke.fixtures.VanishingPahoMqttApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MQTT clients against a real mosquitto, with nothing but {@code -javaagent}: Eclipse Paho's v3
 * client, and the HiveMQ client (MQTT 5 blocking and reactive, MQTT 3 asynchronous) under 1.3.7 and
 * 1.3.3. Per topic, the messages and bytes sent and received equal the app's own counts, and
 * together what the broker counted in its {@code $SYS} tree; single publishes are timed, QoS 1 and
 * 2 to the broker's answer.
 */
class MqttSmokeTest extends AbstractMessagingSmokeTest {

    private static final List<String> TOPICS = List.of("sensors/temperature", "sensors/humidity", "sensors/door", "alerts/fire");
    /** The HiveMQ demo's reactive stream of publishes (QoS 1): counted as each result comes back, not timed. */
    private static final String STREAMED = "sensors/batch";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"paho", "hivemq-1.3.7", "hivemq-1.3.3"})
    void publishesAndDeliveriesEqualTheAppsAndTheBrokersCounts(String client) throws Exception {
        boolean hivemq = client.startsWith("hivemq-");
        List<Path> classpath = hivemq ? demoClasspath("mqtt-demo", "hivemq-mqtt-client", client.substring("hivemq-".length()), "1.3.7")
                : DemoProcess.libraryDemoClasspath("mqtt-demo", List.of());
        try (MosquittoServer broker = MosquittoServer.start(dir);
                DemoProcess demo = DemoProcess.startMain(classpath, hivemq ? "demo.mqtt.HiveMqDemo" : "demo.mqtt.MqttDemo",
                        "-Ddemo.mqtt.port=" + broker.port)) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            List<String> topics = new ArrayList<>(TOPICS);
            if (hivemq) {
                topics.add(STREAMED);
            }
            // alerts/fire is sent, not subscribed to
            assertFlows(scrape, topics.stream().map(topic -> Flow.of(topic, counts.get("sent." + topic), null,
                    topic.startsWith("sensors/") ? counts.get("received." + topic) : null, null)).collect(Collectors.toList()));
            assertFalse(scrape.text.contains("messaging_client_consumed_messages_total{messaging_destination_name=\"alerts/fire\""));
            long received = 0;
            for (String topic : topics) {
                if (STREAMED.equals(topic)) {
                    assertFalse(scrape.text.contains("messaging_client_operation_duration_seconds_count{messaging_destination_name=\"" + topic + "\""),
                            topic + ": a stream's publishes are not timed");
                } else {
                    assertEquals(counts.get("sent." + topic), scrape.count("messaging_client_operation_duration_seconds_count", "messaging_system",
                            "mqtt", "messaging_destination_name", topic, "messaging_operation_name", "send"), topic + ": every single publish timed");
                }
                received += counts.get("received." + topic);
            }
            assertEquals((hivemq ? 4_000 : 3_000), received, "every reading the subscriber asked for arrived: " + counts);
            // QoS 1 and 2 sends last until the broker's answer, a round trip: none under 10 µs
            assertEquals(0, scrape.count("messaging_client_operation_duration_seconds_bucket", "messaging_system", "mqtt",
                    "messaging_destination_name", "alerts/fire", "messaging_operation_name", "send", "le", "1.0E-5"));

            Map<String, Long> sys = broker.sysCounters("publish/messages/received", "publish/bytes/received", "publish/messages/sent",
                    "publish/bytes/sent");
            // mosquitto 2.0 leaves QoS 2 publishes out of publish/messages/received (its bytes count every one)
            long qos0And1 = topics.stream().filter(topic -> !topic.equals("sensors/door") && !topic.equals("alerts/fire"))
                    .mapToLong(topic -> count(scrape, "messaging_client_sent_messages_total", topic)).sum();
            assertEquals(sys.get("publish/messages/received"), qos0And1, "$SYS publish/messages/received: QoS 0 and 1");
            assertEquals(sys.get("publish/bytes/received"), Math.round(scrape.sum("messaging_client_sent_bytes_total", "messaging_system", "mqtt")),
                    "$SYS publish/bytes/received");
            assertEquals(sys.get("publish/messages/sent"), received, "$SYS publish/messages/sent");
            assertEquals(sys.get("publish/bytes/sent"), Math.round(scrape.sum("messaging_client_consumed_bytes_total", "messaging_system", "mqtt")),
                    "$SYS publish/bytes/sent");
            assertHealthy(demo, scrape);
        }
    }

    /**
     * A broker that goes away under the HiveMQ client: each publish the app saw fail is an error, by
     * the type the app caught (the connection closed under one in flight, the client's state once it
     * knows), and the app carries on.
     */
    @Test
    void aBrokerThatGoesAwayCountsThePublishesTheAppSawFail() throws Exception {
        MosquittoServer broker = MosquittoServer.start(dir);
        assertFailedSendsAgree(broker, () -> DemoProcess.startFixture(VanishingHiveMqttApp.class, "-Dmqtt.port=" + broker.port), "plant/pressure", 20, 30);
    }

    /** The same under Eclipse Paho: the publishes its client refuses once the connection has gone are errors, by the type the app caught. */
    @Test
    void aBrokerThatGoesAwayUnderPahoCountsThePublishesTheAppSawFail() throws Exception {
        MosquittoServer broker = MosquittoServer.start(dir);
        assertFailedSendsAgree(broker, () -> DemoProcess.startFixture(VanishingPahoMqttApp.class, "-Dmqtt.port=" + broker.port), "plant/pressure", 20, 10);
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

    @Override
    String system() {
        return "mqtt";
    }
}
