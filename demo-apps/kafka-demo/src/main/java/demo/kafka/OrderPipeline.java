package demo.kafka;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * An order pipeline: two threads send orders of random sizes to {@code orders} (and a few to a
 * topic name Kafka refuses, which fail); the {@code billing} group of two consumers reads them all;
 * the {@code analytics} group reads five records every tenth of a second, building lag, until a
 * line {@code catch-up} arrives on standard input. Starts its own broker unless
 * {@code -Ddemo.bootstrap=host:port} names one. Prints its own counts; stays up until killed,
 * or exits once billing has read every order with {@code -Ddemo.exit=true}.
 *
 * <p>Settings: {@code demo.orders} (3000), {@code demo.bootstrap}, {@code demo.exit}.
 */
public final class OrderPipeline {

    static final String TOPIC = "orders";

    public static void main(String[] args) throws Exception {
        int orders = Integer.getInteger("demo.orders", 3000);
        String bootstrap = System.getProperty("demo.bootstrap");
        if (bootstrap == null) {
            bootstrap = EmbeddedBroker.start().bootstrapServers();
        }
        System.out.println("kafka-demo: broker at " + bootstrap + ", kafka-clients " + AppInfoParser.getVersion());
        Properties common = new Properties();
        common.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(common)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
        }

        LongAdder acked = new LongAdder();
        LongAdder ackedBytes = new LongAdder();
        LongAdder sendErrors = new LongAdder();
        Properties producerConfig = new Properties();
        producerConfig.putAll(common);
        producerConfig.put("key.serializer", ByteArraySerializer.class.getName());
        producerConfig.put("value.serializer", ByteArraySerializer.class.getName());
        producerConfig.put("linger.ms", "5");
        producerConfig.put("max.block.ms", "5000");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig)) {
            Thread[] senders = new Thread[2];
            for (int t = 0; t < senders.length; t++) {
                int thread = t;
                senders[t] = new Thread(() -> {
                    Random random = new Random(11 + thread);
                    for (int i = thread; i < orders; i += senders.length) {
                        byte[] key = ("order-" + i).getBytes(StandardCharsets.UTF_8);
                        byte[] value = new byte[50 + random.nextInt(450)];
                        random.nextBytes(value);
                        producer.send(new ProducerRecord<>(TOPIC, key, value), (metadata, error) -> {
                            if (error == null) {
                                acked.increment();
                                ackedBytes.add(key.length + value.length);
                            } else {
                                sendErrors.increment();
                            }
                        });
                    }
                });
                senders[t].start();
            }
            for (Thread sender : senders) {
                sender.join();
            }
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("orders with spaces", new byte[1], new byte[1]), (metadata, error) -> {
                    if (error != null) {
                        sendErrors.increment();
                    }
                });
            }
            producer.flush();
        }

        LongAdder billed = new LongAdder();
        LongAdder billedBytes = new LongAdder();
        CountDownLatch billingDone = new CountDownLatch(1);
        for (int c = 0; c < 2; c++) {
            startConsumer(consumer(common, "billing", 500), "billing-" + c, records -> {
                add(records, billed, billedBytes);
                if (billed.sum() >= acked.sum()) {
                    billingDone.countDown();
                }
                return 0;
            });
        }
        LongAdder analyzed = new LongAdder();
        LongAdder analyzedBytes = new LongAdder();
        AtomicBoolean catchUp = new AtomicBoolean();
        AtomicBoolean caughtUp = new AtomicBoolean();
        startConsumer(consumer(common, "analytics", 5), "analytics", records -> {
            add(records, analyzed, analyzedBytes);
            if (analyzed.sum() >= acked.sum() && caughtUp.compareAndSet(false, true)) {
                System.out.println("kafka-demo analytics counts: analytics_consumed=" + analyzed.sum()
                        + " analytics_bytes=" + analyzedBytes.sum());
            }
            return catchUp.get() ? 0 : 100;
        });
        billingDone.await();
        System.out.println("kafka-demo counts: sent=" + acked.sum() + " sent_bytes=" + ackedBytes.sum()
                + " send_errors=" + sendErrors.sum() + " billing_consumed=" + billed.sum()
                + " billing_bytes=" + billedBytes.sum());
        if (Boolean.getBoolean("demo.exit")) {
            System.exit(0);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.trim().equals("catch-up")) {
                catchUp.set(true);
            }
        }
        Thread.currentThread().join();
    }

    /** What a consumer does with each batch; returns how long to pause before the next poll, in ms. */
    interface Batch {
        long handle(ConsumerRecords<byte[], byte[]> records) throws InterruptedException;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Properties common, String group, int maxPollRecords) {
        Properties config = new Properties();
        config.putAll(common);
        config.put("group.id", group);
        config.put("auto.offset.reset", "earliest");
        config.put("max.poll.records", String.valueOf(maxPollRecords));
        config.put("key.deserializer", ByteArrayDeserializer.class.getName());
        config.put("value.deserializer", ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(config);
    }

    private static void startConsumer(KafkaConsumer<byte[], byte[]> consumer, String name, Batch batch) {
        Thread thread = new Thread(() -> {
            consumer.subscribe(List.of(TOPIC));
            try {
                while (true) {
                    long pause = batch.handle(consumer.poll(Duration.ofMillis(200)));
                    if (pause > 0) {
                        Thread.sleep(pause);
                    }
                }
            } catch (InterruptedException e) {
                consumer.close();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void add(ConsumerRecords<byte[], byte[]> records, LongAdder messages, LongAdder bytes) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            messages.increment();
            bytes.add(record.key().length + record.value().length);
        }
    }
}
