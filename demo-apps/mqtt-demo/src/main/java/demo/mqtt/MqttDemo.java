package demo.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * An app that talks MQTT through Eclipse Paho: two publishing clients, two threads each, send
 * temperature readings at QoS 0, humidity at QoS 1, door events and fire alerts at QoS 2; a third
 * client subscribes to the sensors ({@code sensors/#}, QoS 2) and counts what arrives. It prints
 * its own counts per topic once every reading has arrived (or 20 seconds have passed).
 *
 * <p>{@code -Ddemo.mqtt.port=N} uses the broker on that port (else it starts its own mosquitto),
 * {@code -Ddemo.messages} (per thread, 1,000), {@code -Ddemo.exit=true}.
 */
public final class MqttDemo {

    /** Topic, QoS, subscribed. */
    private static final List<Object[]> TOPICS = List.of(new Object[] {"sensors/temperature", 0, true},
            new Object[] {"sensors/humidity", 1, true}, new Object[] {"sensors/door", 2, true}, new Object[] {"alerts/fire", 2, false});

    public static void main(String[] args) throws Exception {
        MosquittoProcess broker = MosquittoProcess.startOrUse();
        String url = "tcp://127.0.0.1:" + broker.port;
        int messages = Integer.getInteger("demo.messages", 1_000);
        Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
        Map<String, AtomicLong> received = new ConcurrentHashMap<>();
        for (Object[] topic : TOPICS) {
            sent.put((String) topic[0], new AtomicLong());
            received.put((String) topic[0], new AtomicLong());
        }

        MqttClient subscriber = new MqttClient(url, "demo-subscriber", new MemoryPersistence());
        subscriber.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.get(topic).incrementAndGet();
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        subscriber.connect(options());
        subscriber.subscribe("sensors/#", 2);

        Thread[] workers = new Thread[4];
        for (int c = 0; c < 2; c++) {
            MqttClient publisher = new MqttClient(url, "demo-publisher-" + c, new MemoryPersistence());
            publisher.connect(options());
            for (int t = 0; t < 2; t++) {
                int worker = 2 * c + t;
                workers[worker] = new Thread(() -> {
                    try {
                        for (int i = 0; i < messages; i++) {
                            Object[] topic = TOPICS.get(i % TOPICS.size());
                            MqttMessage message = new MqttMessage(("reading " + worker + "-" + i).getBytes(StandardCharsets.UTF_8));
                            message.setQos((Integer) topic[1]);
                            publisher.publish((String) topic[0], message);
                            sent.get((String) topic[0]).incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, "mqtt-publisher-" + worker);
                workers[worker].start();
            }
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline && TOPICS.stream().filter(t -> (Boolean) t[2])
                .anyMatch(t -> received.get((String) t[0]).get() < sent.get((String) t[0]).get())) {
            Thread.sleep(20);
        }
        StringBuilder line = new StringBuilder("mqtt-demo counts:");
        for (Object[] topic : TOPICS) {
            line.append(" sent.").append(topic[0]).append('=').append(sent.get((String) topic[0]).get());
            line.append(" received.").append(topic[0]).append('=').append(received.get((String) topic[0]).get());
        }
        System.out.println(line);
        if (Boolean.getBoolean("demo.exit")) {
            subscriber.disconnect();
            broker.close();
            System.exit(0);
        }
        Thread.currentThread().join();
    }

    private static MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(100);
        return options;
    }
}
