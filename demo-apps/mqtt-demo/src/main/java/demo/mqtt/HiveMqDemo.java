package demo.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.reactivex.Flowable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mqtt-demo's workload through the HiveMQ MQTT client: an MQTT 5 client publishes with its
 * blocking API and an MQTT 3 client with its asynchronous one, two threads each, temperature
 * readings at QoS 0, humidity at QoS 1, door events and fire alerts at QoS 2; the MQTT 5 client
 * also streams a batch of readings at QoS 1 through its reactive API; an MQTT 5 client subscribes
 * to the sensors ({@code sensors/#}, QoS 2). It prints its own counts per topic once every reading
 * has arrived (or 20 seconds have passed).
 *
 * <p>{@code -Ddemo.mqtt.port=N} uses the broker on that port (else it starts its own mosquitto),
 * {@code -Ddemo.messages} (per thread, 1,000), {@code -Ddemo.exit=true}.
 */
public final class HiveMqDemo {

    /** Topic and QoS, in the order each publishing thread cycles through them. */
    private static final List<Object[]> TOPICS = List.of(new Object[] {"sensors/temperature", MqttQos.AT_MOST_ONCE},
            new Object[] {"sensors/humidity", MqttQos.AT_LEAST_ONCE}, new Object[] {"sensors/door", MqttQos.EXACTLY_ONCE},
            new Object[] {"alerts/fire", MqttQos.EXACTLY_ONCE});
    private static final String BATCH = "sensors/batch";

    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> received = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        MosquittoProcess broker = MosquittoProcess.startOrUse();
        int messages = Integer.getInteger("demo.messages", 1_000);
        HiveMqDemo demo = new HiveMqDemo();
        for (Object[] topic : TOPICS) {
            demo.sent.put((String) topic[0], new AtomicLong());
            demo.received.put((String) topic[0], new AtomicLong());
        }
        demo.sent.put(BATCH, new AtomicLong());
        demo.received.put(BATCH, new AtomicLong());

        Mqtt5AsyncClient subscriber = MqttClient.builder().useMqttVersion5().identifier("hive-subscriber").serverHost("127.0.0.1")
                .serverPort(broker.port).buildAsync();
        subscriber.connect().get();
        subscriber.subscribeWith().topicFilter("sensors/#").qos(MqttQos.EXACTLY_ONCE)
                .callback(publish -> demo.received.get(publish.getTopic().toString()).incrementAndGet()).send().get();

        Mqtt5BlockingClient blocking = MqttClient.builder().useMqttVersion5().identifier("hive-publisher-5").serverHost("127.0.0.1")
                .serverPort(broker.port).buildBlocking();
        blocking.connect();
        Mqtt3AsyncClient async = MqttClient.builder().useMqttVersion3().identifier("hive-publisher-3").serverHost("127.0.0.1")
                .serverPort(broker.port).buildAsync();
        async.connect().get();

        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int worker = t;
            workers.add(new Thread(() -> demo.publishBlocking(blocking, worker, messages), "hive-blocking-" + t));
            workers.add(new Thread(() -> demo.publishAsync(async, worker, messages), "hive-async-" + t));
        }
        workers.forEach(Thread::start);
        demo.streamBatch(blocking, messages);
        for (Thread worker : workers) {
            worker.join();
        }
        demo.awaitDeliveries();

        StringBuilder line = new StringBuilder("mqtt-demo counts:");
        demo.sent.keySet().stream().sorted().forEach(topic -> line.append(" sent.").append(topic).append('=').append(demo.sent.get(topic).get())
                .append(" received.").append(topic).append('=').append(demo.received.get(topic).get()));
        System.out.println(line);
        if (Boolean.getBoolean("demo.exit")) {
            subscriber.disconnect().get();
            broker.close();
            System.exit(0);
        }
        Thread.currentThread().join();
    }

    /** MQTT 5, blocking: each publish returns once the broker has answered (QoS 1 and 2) or it is written (QoS 0). */
    private void publishBlocking(Mqtt5BlockingClient client, int worker, int messages) {
        for (int i = 0; i < messages; i++) {
            Object[] topic = TOPICS.get(i % TOPICS.size());
            client.publishWith().topic((String) topic[0]).qos((MqttQos) topic[1]).payload(payload("v5", worker, i)).send();
            sent.get((String) topic[0]).incrementAndGet();
        }
    }

    /**
     * MQTT 3, asynchronous: publishes in flight eight at a time, each counted when its future completes.
     * MQTT 3 has no flow control, and mosquitto drops a client with more than 20 QoS 1 and 2
     * publishes in flight ({@code max_inflight_messages}).
     */
    private void publishAsync(Mqtt3AsyncClient client, int worker, int messages) {
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            String topic = (String) TOPICS.get(i % TOPICS.size())[0];
            inFlight.add(client.publishWith().topic(topic).qos((MqttQos) TOPICS.get(i % TOPICS.size())[1]).payload(payload("v3", worker, i))
                    .send().thenRun(() -> sent.get(topic).incrementAndGet()));
            if (inFlight.size() == 8 || i == messages - 1) {
                CompletableFuture.allOf(inFlight.toArray(new CompletableFuture<?>[0])).join();
                inFlight.clear();
            }
        }
    }

    /** MQTT 5, reactive: one stream of readings, each result counted as it comes back. */
    private void streamBatch(Mqtt5BlockingClient client, int messages) {
        client.toRx().publish(Flowable.range(0, messages).map(i -> Mqtt5Publish.builder().topic(BATCH).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload("batch", 0, i)).build()))
                .blockingForEach(result -> {
                    if (result.getError().isEmpty()) {
                        sent.get(BATCH).incrementAndGet();
                    }
                });
    }

    private void awaitDeliveries() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline && sent.keySet().stream().filter(topic -> topic.startsWith("sensors/"))
                .anyMatch(topic -> received.get(topic).get() < sent.get(topic).get())) {
            Thread.sleep(20);
        }
    }

    private static byte[] payload(String client, int worker, int i) {
        return ("reading " + client + "-" + worker + "-" + i).getBytes(StandardCharsets.UTF_8);
    }
}
