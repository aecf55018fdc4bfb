package io.bytemeter.benchmarks;

import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One synchronous RocketMQ send of 128 bytes through the remoting client's {@code DefaultMQProducer},
 * which returns with the broker's answer, against the name server at
 * {@code -Dbench.rocketmq.namesrv} (the rocketmq-demo's {@code RocketMqServer} starts one with a
 * broker and prints its address). The topic is the demo's {@code orders}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RocketMqBenchmark {

    private DefaultMQProducer producer;
    private Message message;

    @Setup
    public void connect() throws Exception {
        String nameServer = System.getProperty("bench.rocketmq.namesrv");
        if (nameServer == null) {
            throw new IllegalStateException("RocketMqBenchmark needs a name server: -Dbench.rocketmq.namesrv=<host:port>");
        }
        producer = new DefaultMQProducer("bench-" + System.nanoTime());
        producer.setNamesrvAddr(nameServer);
        producer.start();
        message = new Message("orders", new byte[128]);
    }

    @TearDown
    public void close() {
        producer.shutdown();
    }

    @Benchmark
    public SendResult send() throws Exception {
        return producer.send(message);
    }
}
