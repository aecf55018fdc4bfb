package demo.broker;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * An order pipeline on {@link InMemoryBroker}: producers write records of random sizes to
 * {@code orders} and {@code payments} (and now and then to a topic that does not exist, which
 * fails); the {@code billing} group drains both topics with two consumers; a slow
 * {@code analytics} group reads only part of {@code orders} and is left with lag. Prints its own
 * counts per topic, then stays up unless {@code -Ddemo.exit=true}.
 *
 * <p>Settings: {@code demo.producers} (2), {@code demo.messages} per producer (50000).
 */
public final class BrokerDemo {

    static final String[] TOPICS = {"orders", "payments"};

    public static void main(String[] args) throws Exception {
        int producers = Integer.getInteger("demo.producers", 2);
        int messagesPerProducer = Integer.getInteger("demo.messages", 50_000);
        InMemoryBroker broker = new InMemoryBroker(4);
        for (String topic : TOPICS) {
            broker.createTopic(topic);
        }
        Map<String, LongAdder> sent = counters();
        Map<String, LongAdder> sentBytes = counters();
        Map<String, LongAdder> consumed = counters();
        Map<String, LongAdder> consumedBytes = counters();
        LongAdder produceErrors = new LongAdder();

        CountDownLatch producing = new CountDownLatch(producers);
        for (int p = 0; p < producers; p++) {
            Random random = new Random(7 + p);
            new Thread(() -> {
                for (int i = 0; i < messagesPerProducer; i++) {
                    if (i % 1000 == 999) {
                        try {
                            broker.produce("refunds", new byte[10]);
                        } catch (UnknownTopicException e) {
                            produceErrors.increment();
                        }
                        continue;
                    }
                    String topic = TOPICS[random.nextInt(TOPICS.length)];
                    byte[] value = new byte[16 + random.nextInt(240)];
                    broker.produce(topic, value);
                    sent.get(topic).increment();
                    sentBytes.get(topic).add(value.length);
                }
                producing.countDown();
            }, "producer-" + p).start();
        }

        Thread[] billing = new Thread[2];
        for (int c = 0; c < billing.length; c++) {
            billing[c] = new Thread(() -> {
                boolean done;
                do {
                    done = producing.getCount() == 0;
                    for (String topic : TOPICS) {
                        List<byte[]> records;
                        while (!(records = broker.poll(topic, "billing", 500)).isEmpty()) {
                            consumed.get(topic).add(records.size());
                            for (byte[] record : records) {
                                consumedBytes.get(topic).add(record.length);
                            }
                        }
                    }
                } while (!done);
            }, "billing-consumer-" + c);
            billing[c].start();
        }
        for (Thread consumer : billing) {
            consumer.join();
        }
        List<byte[]> analytics = broker.poll("orders", "analytics", 1000);
        consumed.get("orders").add(analytics.size());
        for (byte[] record : analytics) {
            consumedBytes.get("orders").add(record.length);
        }

        StringBuilder counts = new StringBuilder("broker-demo counts:");
        for (String topic : TOPICS) {
            counts.append(' ').append(topic).append(".sent=").append(sent.get(topic).sum())
                    .append(' ').append(topic).append(".sent_bytes=").append(sentBytes.get(topic).sum())
                    .append(' ').append(topic).append(".consumed=").append(consumed.get(topic).sum())
                    .append(' ').append(topic).append(".consumed_bytes=").append(consumedBytes.get(topic).sum());
        }
        counts.append(" produce_errors=").append(produceErrors.sum())
                .append(" billing.lag=").append(broker.lag("orders", "billing") + broker.lag("payments", "billing"))
                .append(" analytics.lag=").append(broker.lag("orders", "analytics"));
        System.out.println(counts);
        if (!Boolean.getBoolean("demo.exit")) {
            System.out.println("broker-demo: workload done; staying up for scrapes, Ctrl-C to stop");
            Thread.currentThread().join();
        }
    }

    private static Map<String, LongAdder> counters() {
        Map<String, LongAdder> counters = new ConcurrentHashMap<>();
        for (String topic : TOPICS) {
            counters.put(topic, new LongAdder());
        }
        return counters;
    }
}
