package demo.rocketmq.grpc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;

/**
 * An order pipeline on Apache RocketMQ's 5.x gRPC client, through a RocketMQ proxy: two threads send
 * orders and wait for each, payments go out without waiting, audit records are sent and waited
 * for; a push consumer of group {@code billing} takes the orders with a listener that fails every
 * tenth order the first time it sees it (the client gives it back later), a simple consumer of group
 * {@code ledger} receives and acknowledges the payments waiting for each call, and one of group
 * {@code archive} the audit records without waiting. Once everything has arrived it closes its
 * consumers and prints its own counts.
 *
 * <p>{@code -Ddemo.rocketmq.endpoints=host:port} is the proxy (required: start one with
 * {@code java -cp "demo-apps/rocketmq-demo/target/rocketmq-demo.jar:demo-apps/rocketmq-demo/target/lib/*"
 * demo.rocketmq.RocketMqServer --proxy}), {@code -Ddemo.messages} (orders per thread, 300),
 * {@code -Ddemo.exit=true}.
 */
public final class RocketMqGrpcDemo {

    private static final Duration INVISIBLE = Duration.ofSeconds(30);

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final ClientServiceProvider provider = ClientServiceProvider.loadService();

    public static void main(String[] args) throws Exception {
        String endpoints = System.getProperty("demo.rocketmq.endpoints");
        if (endpoints == null) {
            System.err.println("rocketmq-grpc-demo: give the proxy as -Ddemo.rocketmq.endpoints=host:port (start one with rocketmq-demo's "
                    + "demo.rocketmq.RocketMqServer --proxy)");
            System.exit(2);
        }
        int messages = Integer.getInteger("demo.messages", 300);
        RocketMqGrpcDemo demo = new RocketMqGrpcDemo();
        ClientConfiguration config = ClientConfiguration.newBuilder().setEndpoints(endpoints).setRequestTimeout(Duration.ofSeconds(10)).build();

        Producer producer = demo.provider.newProducerBuilder().setClientConfiguration(config).setTopics("orders", "payments", "audit").build();
        PushConsumer billing = demo.billing(config);
        SimpleConsumer ledger = demo.simpleConsumer(config, "ledger", "payments");
        SimpleConsumer archive = demo.simpleConsumer(config, "archive", "audit");

        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int thread = t;
            senders.add(new Thread(() -> demo.sendOrders(producer, thread, messages), "order-sender-" + t));
        }
        senders.forEach(Thread::start);
        for (Thread sender : senders) {
            sender.join();
        }
        demo.sendPayments(producer, messages);
        for (int i = 0; i < messages / 2; i++) {
            Message audit = demo.message("audit", "audit record " + i);
            producer.send(audit);
            demo.sent(audit);
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && (demo.count("received.orders") < demo.count("sent.orders") + demo.count("nacked.orders")
                || demo.count("received.payments") < demo.count("sent.payments") || demo.count("received.audit") < demo.count("sent.audit"))) {
            // the ledger waits for each receive and each acknowledgement, the archive for neither
            for (MessageView payment : ledger.receive(32, INVISIBLE)) {
                demo.received(payment);
                ledger.ack(payment);
            }
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (MessageView audit : archive.receiveAsync(32, INVISIBLE).get(30, TimeUnit.SECONDS)) {
                demo.received(audit);
                acks.add(archive.ackAsync(audit));
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        }
        billing.close();
        ledger.close();
        archive.close();

        StringBuilder line = new StringBuilder("rocketmq-grpc-demo counts:");
        new TreeMap<>(demo.counts).forEach((key, value) -> line.append(' ').append(key).append('=').append(value.get()));
        System.out.println(line);
        if (Boolean.getBoolean("demo.exit")) {
            producer.close();
            System.exit(0);
        }
        Thread.currentThread().join();
    }

    private void sendOrders(Producer producer, int thread, int messages) {
        try {
            for (int i = 0; i < messages; i++) {
                Message order = message("orders", "order " + thread + "-" + i);
                producer.send(order);
                sent(order);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Payments sent without waiting, each counted when its future completes. */
    private void sendPayments(Producer producer, int messages) throws Exception {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            Message payment = message("payments", "payment " + i + " of " + (i * 7 % 100) + ".00");
            sends.add(producer.sendAsync(payment).whenComplete((receipt, error) -> {
                if (error == null) {
                    sent(payment);
                } else {
                    add("failed.payments", 1);
                }
            }));
        }
        CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0])).exceptionally(error -> null).get(60, TimeUnit.SECONDS);
    }

    /** Orders, one at a time; every tenth failed the first time it comes, so that the client gives it back later. */
    private PushConsumer billing(ClientConfiguration config) throws Exception {
        Set<String> askedAgain = ConcurrentHashMap.newKeySet();
        return provider.newPushConsumerBuilder().setClientConfiguration(config).setConsumerGroup("billing")
                .setSubscriptionExpressions(Map.of("orders", FilterExpression.SUB_ALL))
                .setMessageListener(message -> {
                    received(message);
                    String body = StandardCharsets.UTF_8.decode(message.getBody()).toString();
                    if (body.hashCode() % 10 == 0 && askedAgain.add(body)) {
                        add("nacked.orders", 1);
                        return ConsumeResult.FAILURE;
                    }
                    return ConsumeResult.SUCCESS;
                })
                .build();
    }

    private SimpleConsumer simpleConsumer(ClientConfiguration config, String group, String topic) throws Exception {
        return provider.newSimpleConsumerBuilder().setClientConfiguration(config).setConsumerGroup(group)
                .setSubscriptionExpressions(Map.of(topic, FilterExpression.SUB_ALL)).setAwaitDuration(Duration.ofSeconds(1)).build();
    }

    private Message message(String topic, String body) {
        return provider.newMessageBuilder().setTopic(topic).setBody(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    private void sent(Message message) {
        add("sent." + message.getTopic(), 1);
        add("sentBytes." + message.getTopic(), message.getBody().remaining());
    }

    private void received(MessageView message) {
        ByteBuffer body = message.getBody();
        add("received." + message.getTopic(), 1);
        add("receivedBytes." + message.getTopic(), body.remaining());
    }

    private void add(String key, long n) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(n);
    }

    private long count(String key) {
        AtomicLong value = counts.get(key);
        return value == null ? 0 : value.get();
    }
}
