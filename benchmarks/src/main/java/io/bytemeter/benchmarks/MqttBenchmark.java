package io.bytemeter.benchmarks;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One MQTT publish of 128 bytes at QoS 1, which returns when the broker's {@code PUBACK} is back:
 * through Eclipse Paho's {@code MqttClient} and through the HiveMQ client's MQTT 5 blocking API,
 * against the broker at {@code -Dbench.mqtt.port} on 127.0.0.1 (mosquitto). Nobody subscribes, so
 * the broker keeps nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MqttBenchmark {

    private final byte[] body = new byte[128];
    private org.eclipse.paho.client.mqttv3.MqttClient paho;
    private MqttMessage pahoMessage;
    private Mqtt5BlockingClient hivemq;
    private Mqtt5Publish hivemqPublish;

    @Setup
    public void connect() throws Exception {
        String port = System.getProperty("bench.mqtt.port");
        if (port == null) {
            throw new IllegalStateException("MqttBenchmark needs a broker: -Dbench.mqtt.port=<port on 127.0.0.1>");
        }
        paho = new org.eclipse.paho.client.mqttv3.MqttClient("tcp://127.0.0.1:" + port, "bench-paho-" + System.nanoTime(),
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        // MqttClient.publish returns as the PUBACK's token completes, a moment before Paho's in-flight count drops:
        // back to back, publishes can find the default ten still counted
        options.setMaxInflight(1_000);
        paho.connect(options);
        pahoMessage = new MqttMessage(body);
        pahoMessage.setQos(1);
        hivemq = MqttClient.builder().useMqttVersion5().identifier("bench-hivemq-" + System.nanoTime()).serverHost("127.0.0.1")
                .serverPort(Integer.parseInt(port)).buildBlocking();
        hivemq.connect();
        hivemqPublish = Mqtt5Publish.builder().topic("bench/readings").qos(MqttQos.AT_LEAST_ONCE).payload(body).build();
    }

    @TearDown
    public void close() throws Exception {
        paho.disconnect();
        paho.close();
        hivemq.disconnect();
    }

    @Benchmark
    public void pahoPublish() throws Exception {
        paho.publish("bench/readings", pahoMessage);
    }

    @Benchmark
    public Object hivemqPublish() {
        return hivemq.publish(hivemqPublish);
    }
}
