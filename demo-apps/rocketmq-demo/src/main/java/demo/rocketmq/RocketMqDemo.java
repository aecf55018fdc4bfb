package demo.rocketmq;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * An order pipeline on Apache RocketMQ's remoting client: two threads send orders synchronously
 * (one message at a time and in batches of ten), payments go out asynchronously, audit records one
 * way; a push consumer group {@code billing} takes the orders with a concurrent listener that asks
 * for every tenth order again the first time it sees it, a group {@code ledger} takes the payments
 * with an orderly listener, and a lite pull consumer of group {@code archive} polls the audit
 * records. Once everything has arrived it stops its consumers (which commits their offsets) and
 * prints its own counts.
 *
 * <p>{@code -Ddemo.rocketmq.namesrv=host:port} uses that name server (else it starts a name server
 * and broker of its own, {@link RocketMqServer}), {@code -Ddemo.messages} (orders per thread,
 * 500), {@code -Ddemo.exit=true}.
 */
public final class RocketMqDemo {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        String nameServer = System.getProperty("demo.rocketmq.namesrv");
        RocketMqServer server = null;
        if (nameServer == null) {
            server = RocketMqServer.start(Files.createTempDirectory("rocketmq-demo"));
            nameServer = server.nameServer;
            System.out.println("rocketmq-demo: started a name server and broker at " + nameServer);
        }
        int messages = Integer.getInteger("demo.messages", 500);
        RocketMqDemo demo = new RocketMqDemo();

        DefaultMQProducer producer = new DefaultMQProducer("order-service");
        producer.setNamesrvAddr(nameServer);
        producer.start();
        DefaultMQPushConsumer billing = demo.billing(nameServer);
        DefaultMQPushConsumer ledger = demo.ledger(nameServer);
        DefaultLitePullConsumer archive = new DefaultLitePullConsumer("archive");
        archive.setNamesrvAddr(nameServer);
        archive.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        archive.subscribe("audit", "*");
        archive.start();

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
        demo.sendAudit(producer, messages / 2);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && (demo.count("received.orders") < demo.count("sent.orders") + demo.count("nacked.orders")
                || demo.count("received.payments") < demo.count("sent.payments") || demo.count("received.audit") < demo.count("sent.audit"))) {
            List<MessageExt> polled = archive.poll(100);
            for (MessageExt message : polled) {
                demo.received(message);
            }
        }
        billing.shutdown();
        ledger.shutdown();
        archive.commitSync();
        archive.shutdown();

        StringBuilder line = new StringBuilder("rocketmq-demo counts:");
        new TreeMap<>(demo.counts).forEach((key, value) -> line.append(' ').append(key).append('=').append(value.get()));
        System.out.println(line);
        if (Boolean.getBoolean("demo.exit")) {
            producer.shutdown();
            if (server != null) {
                server.close();
            }
            System.exit(0);
        }
        Thread.currentThread().join();
    }

    /** Orders one at a time and, every fiftieth, a batch of ten, each send waiting for the broker. */
    private void sendOrders(DefaultMQProducer producer, int thread, int messages) {
        try {
            for (int i = 0; i < messages; i++) {
                if (i % 50 == 49) {
                    List<Message> batch = new ArrayList<>();
                    for (int b = 0; b < 10; b++) {
                        batch.add(message("orders", "order " + thread + "-" + i + "-" + b));
                    }
                    producer.send(batch);
                    for (Message each : batch) {
                        sent(each);
                    }
                } else {
                    Message order = message("orders", "order " + thread + "-" + i);
                    producer.send(order);
                    sent(order);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Payments sent without waiting, each counted when the client calls back. */
    private void sendPayments(DefaultMQProducer producer, int messages) throws Exception {
        CountDownLatch done = new CountDownLatch(messages);
        for (int i = 0; i < messages; i++) {
            Message payment = message("payments", "payment " + i + " of " + (i * 7 % 100) + ".00");
            producer.send(payment, new SendCallback() {
                @Override
                public void onSuccess(SendResult result) {
                    sent(payment);
                    done.countDown();
                }

                @Override
                public void onException(Throwable error) {
                    add("failed.payments", 1);
                    done.countDown();
                }
            });
        }
        done.await(60, TimeUnit.SECONDS);
    }

    private void sendAudit(DefaultMQProducer producer, int messages) throws Exception {
        for (int i = 0; i < messages; i++) {
            Message audit = message("audit", "audit record " + i);
            producer.sendOneway(audit);
            sent(audit);
        }
    }

    /** Orders, concurrently; every tenth asked for again (a second later) the first time it comes. */
    private DefaultMQPushConsumer billing(String nameServer) throws Exception {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("billing");
        consumer.setNamesrvAddr(nameServer);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe("orders", "*");
        Set<String> askedAgain = ConcurrentHashMap.newKeySet();
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt message : messages) {
                received(message);
                String body = new String(message.getBody(), StandardCharsets.UTF_8);
                if (body.hashCode() % 10 == 0 && askedAgain.add(body)) {
                    add("nacked.orders", 1);
                    context.setDelayLevelWhenNextConsume(1);
                    return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                }
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        return consumer;
    }

    /** Payments, in order per queue. */
    private DefaultMQPushConsumer ledger(String nameServer) throws Exception {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("ledger");
        consumer.setNamesrvAddr(nameServer);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe("payments", "*");
        consumer.registerMessageListener((MessageListenerOrderly) (messages, context) -> {
            messages.forEach(this::received);
            return ConsumeOrderlyStatus.SUCCESS;
        });
        consumer.start();
        return consumer;
    }

    private static Message message(String topic, String body) {
        return new Message(topic, body.getBytes(StandardCharsets.UTF_8));
    }

    private void sent(Message message) {
        add("sent." + message.getTopic(), 1);
        add("sentBytes." + message.getTopic(), message.getBody().length);
    }

    private void received(MessageExt message) {
        add("received." + message.getTopic(), 1);
        add("receivedBytes." + message.getTopic(), message.getBody().length);
    }

    private void add(String key, long n) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(n);
    }

    private long count(String key) {
        AtomicLong value = counts.get(key);
        return value == null ? 0 : value.get();
    }
}
