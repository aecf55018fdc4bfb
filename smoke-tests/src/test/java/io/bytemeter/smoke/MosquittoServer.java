package io.bytemeter.smoke;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A real MQTT broker (Debian's {@code mosquitto}, which {@code .ci/run} installs) on a loopback port
 * of its own, anonymous clients allowed, nothing persisted, its {@code $SYS} counters published
 * every second; stopped on close. The test reads those counters with a Paho client of its own (the
 * test JVM runs no agent).
 */
public final class MosquittoServer implements AutoCloseable {

    private final Process process;
    public final int port;

    private MosquittoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static MosquittoServer start(Path dir) throws IOException, InterruptedException {
        int port = PrometheusServer.freePort();
        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\nsys_interval 1\n"
                + "max_queued_messages 0\n");
        return new MosquittoServer(ServerProcesses.startListening(List.of("/usr/sbin/mosquitto", "-c", config.toString()), port,
                dir.resolve("mosquitto.log"), "mosquitto"), port);
    }

    /**
     * The broker's own counts as its last {@code $SYS} publication gave them (retained), by topic
     * under {@code $SYS/broker/}: {@code publish/messages/received} (PUBLISH packets from clients),
     * {@code publish/messages/sent} (to clients). Read by one subscription, each topic's first
     * (retained) value only, so that reading them does not change what they say.
     */
    public Map<String, Long> sysCounters(String... topics) throws MqttException, InterruptedException {
        Map<String, Long> values = new ConcurrentHashMap<>();
        MqttClient reader = new MqttClient("tcp://127.0.0.1:" + port, "bytemeter-test-sys", new MemoryPersistence());
        // mosquitto brings its $SYS tree up to date only when its loop wakes: a ping every second
        // wakes it, so that after two seconds the retained values are the current ones
        MqttConnectOptions options = new MqttConnectOptions();
        options.setKeepAliveInterval(1);
        reader.connect(options);
        try {
            Thread.sleep(2_500);
            // one subscription for all, and each topic's first (retained) value: one publication's snapshot
            String[] filters = new String[topics.length];
            int[] qos = new int[topics.length];
            IMqttMessageListener[] listeners = new IMqttMessageListener[topics.length];
            for (int i = 0; i < topics.length; i++) {
                filters[i] = "$SYS/broker/" + topics[i];
                listeners[i] = (t, message) -> values.putIfAbsent(t.substring("$SYS/broker/".length()),
                        Long.parseLong(new String(message.getPayload()).trim()));
            }
            reader.subscribe(filters, qos, listeners);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (values.size() < topics.length && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            reader.disconnect();
            reader.close();
        }
        return values;
    }

    @Override
    public void close() {
        ServerProcesses.stop(process);
    }
}
