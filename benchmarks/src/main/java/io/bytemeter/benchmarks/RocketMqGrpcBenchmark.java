package io.bytemeter.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One RocketMQ send of 128 bytes through the 5.x gRPC client's {@code Producer} (rocketmq-client-java
 * 5.2), waited for ({@code send}) and through its future ({@code sendAsync}, joined), against the
 * proxy at {@code -Dbench.rocketmq.proxy} (the rocketmq-demo's {@code RocketMqServer --proxy} starts
 * one with a name server and broker and prints its address). The topic is the demo's {@code orders}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RocketMqGrpcBenchmark {

    private Producer producer;
    private Message message;

    @Setup
    public void connect() throws Exception {
        String proxy = System.getProperty("bench.rocketmq.proxy");
        if (proxy == null) {
            throw new IllegalStateException("RocketMqGrpcBenchmark needs a proxy: -Dbench.rocketmq.proxy=<host:port>");
        }
        ClientServiceProvider provider = ClientServiceProvider.loadService();
        producer = provider.newProducerBuilder().setTopics("orders")
                .setClientConfiguration(ClientConfiguration.newBuilder().setEndpoints(proxy).setRequestTimeout(Duration.ofSeconds(10)).build())
                .build();
        message = provider.newMessageBuilder().setTopic("orders").setBody(new byte[128]).build();
    }

    @TearDown
    public void close() throws Exception {
        producer.close();
    }

    @Benchmark
    public SendReceipt send() throws Exception {
        return producer.send(message);
    }

    @Benchmark
    public SendReceipt sendAsync() throws Exception {
        return producer.sendAsync(message).get();
    }
}
