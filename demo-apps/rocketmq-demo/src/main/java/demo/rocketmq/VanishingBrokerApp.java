package demo.rocketmq;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;

/**
 * An app whose RocketMQ broker goes away: 20 synchronous sends of orders to the name server at
 * {@code -Ddemo.rocketmq.namesrv}, then, once told "go" on its input (the test has stopped the name
 * server and broker), 10 more that fail after the client's own retries; it counts what it caught,
 * by type, and carries on.
 */
public final class VanishingBrokerApp {

    public static void main(String[] args) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("vanishing");
        producer.setNamesrvAddr(System.getProperty("demo.rocketmq.namesrv"));
        producer.setSendMsgTimeout(2_000);
        producer.start();
        for (int i = 0; i < 20; i++) {
            producer.send(order(i));
        }
        System.out.println("vanishing-rocketmq: first sends done");
        new BufferedReader(new InputStreamReader(System.in)).readLine();
        int failed = 0;
        Set<String> types = new TreeSet<>();
        for (int i = 0; i < 10; i++) {
            try {
                producer.send(order(i));
            } catch (Exception e) {
                failed++;
                types.add(e.getClass().getName());
            }
        }
        System.out.println("vanishing-rocketmq caught: " + String.join(",", types));
        System.out.println("counts: sent=20 failed=" + failed);
        Thread.currentThread().join();
    }

    private static Message order(int i) {
        return new Message("orders", ("order " + i).getBytes(StandardCharsets.UTF_8));
    }
}
