package io.bytemeter.benchmarks;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A RabbitMQ publish of 128 bytes to a queue through the default exchange, and one to a direct
 * exchange with a routing key (the destination name the agent joins), against the broker at
 * {@code -Dbench.rabbitmq.port} on 127.0.0.1 (guest/guest). The queue keeps at most 1,000 messages,
 * so the broker's memory does not grow over the run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RabbitMqBenchmark {

    private final byte[] body = new byte[128];
    private Connection connection;
    private Channel channel;

    @Setup
    public void connect() throws Exception {
        String port = System.getProperty("bench.rabbitmq.port");
        if (port == null) {
            throw new IllegalStateException("RabbitMqBenchmark needs a broker: -Dbench.rabbitmq.port=<port on 127.0.0.1>");
        }
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(Integer.parseInt(port));
        connection = factory.newConnection("bytemeter-benchmark");
        channel = connection.createChannel();
        channel.queueDeclare("bench", false, false, false, Map.of("x-max-length", 1000));
        channel.exchangeDeclare("bench-events", "direct");
        channel.queueBind("bench", "bench-events", "bench.created");
    }

    @TearDown
    public void close() throws Exception {
        connection.close();
    }

    @Benchmark
    public void publishToQueue() throws Exception {
        channel.basicPublish("", "bench", null, body);
    }

    @Benchmark
    public void publishToExchange() throws Exception {
        channel.basicPublish("bench-events", "bench.created", null, body);
    }
}
