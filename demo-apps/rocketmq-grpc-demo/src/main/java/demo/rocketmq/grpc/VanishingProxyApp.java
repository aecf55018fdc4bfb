package demo.rocketmq.grpc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;

/**
 * An app whose RocketMQ proxy goes away: 20 sends of orders through the gRPC client to the proxy at
 * {@code -Ddemo.rocketmq.endpoints}, then, once told "go" on its input (the test has stopped the
 * proxy, name server and broker), 10 more that fail after the client's own retries, half waited
 * for and half not; it counts what it caught, by type (an asynchronous send's by its future's
 * cause), and carries on.
 */
public final class VanishingProxyApp {

    public static void main(String[] args) throws Exception {
        ClientServiceProvider provider = ClientServiceProvider.loadService();
        ClientConfiguration config = ClientConfiguration.newBuilder().setEndpoints(System.getProperty("demo.rocketmq.endpoints"))
                .setRequestTimeout(Duration.ofSeconds(2)).build();
        Producer producer = provider.newProducerBuilder().setClientConfiguration(config).setTopics("orders").build();
        for (int i = 0; i < 20; i++) {
            producer.send(order(provider, i));
        }
        System.out.println("vanishing-rocketmq-grpc: first sends done");
        new BufferedReader(new InputStreamReader(System.in)).readLine();
        int failed = 0;
        Set<String> types = new TreeSet<>();
        for (int i = 0; i < 10; i++) {
            try {
                if (i % 2 == 0) {
                    producer.send(order(provider, i));
                } else {
                    producer.sendAsync(order(provider, i)).get(60, TimeUnit.SECONDS);
                }
            } catch (ExecutionException e) {
                failed++;
                types.add(e.getCause().getClass().getName());
            } catch (Exception e) {
                failed++;
                types.add(e.getClass().getName());
            }
        }
        System.out.println("vanishing-rocketmq-grpc caught: " + String.join(",", types));
        System.out.println("counts: sent=20 failed=" + failed);
        Thread.currentThread().join();
    }

    private static Message order(ClientServiceProvider provider, int i) {
        return provider.newMessageBuilder().setTopic("orders").setBody(("order " + i).getBytes(StandardCharsets.UTF_8)).build();
    }
}
