package demo.sqs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * An app that uses Amazon SQS through the AWS SDK for Java 2.x. With the synchronous client, two
 * threads send orders one by one and in batches of ten (one entry in every fourth batch has a
 * character SQS refuses), then one thread receives every order and deletes nine in ten, leaving
 * the tenth in flight. With the asynchronous client, events are sent all at once and in batches,
 * and all but 25 are received and deleted in batches. Both try a queue that does not exist. It
 * prints its own counts.
 *
 * <p>{@code -Ddemo.sqs.endpoint=http://127.0.0.1:N} uses that server (else it starts ElasticMQ in
 * this JVM), {@code -Ddemo.messages} (orders per thread and events, 500), {@code -Ddemo.exit=true}.
 */
public final class SqsDemo {

    private static final int LEFT_IN_QUEUE = 25;

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private volatile String refusedCode;

    public static void main(String[] args) throws Exception {
        ElasticMq server = ElasticMq.startOrUse();
        int messages = Integer.getInteger("demo.messages", 500);
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("demo", "demo"));
        SqsClient sync = SqsClient.builder().endpointOverride(server.endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
        SqsAsyncClient async = SqsAsyncClient.builder().endpointOverride(server.endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
        SqsDemo demo = new SqsDemo();
        // received messages stay invisible to other receives for ten minutes: none comes twice
        Map<QueueAttributeName, String> attributes = Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "600");
        String orders = sync.createQueue(b -> b.queueName("orders").attributes(attributes)).queueUrl();
        String events = sync.createQueue(b -> b.queueName("events").attributes(attributes)).queueUrl();
        String missing = orders.substring(0, orders.lastIndexOf('/') + 1) + "missing";

        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int thread = t;
            senders.add(new Thread(() -> demo.sendOrders(sync, orders, thread, messages)));
        }
        senders.forEach(Thread::start);
        for (Thread sender : senders) {
            sender.join();
        }
        demo.receiveOrders(sync, orders);
        demo.sendEvents(async, events, messages);
        demo.receiveEvents(async, events);
        String errorCode = demo.tryMissing(sync, async, missing);

        StringBuilder line = new StringBuilder("sqs-demo counts:");
        new TreeMap<>(demo.counts).forEach((k, v) -> line.append(' ').append(k).append('=').append(v.get()));
        System.out.println("sqs-demo error codes: missing=" + errorCode + " refused=" + demo.refusedCode);
        System.out.println(line);
        if (Boolean.getBoolean("demo.exit")) {
            sync.close();
            async.close();
            server.close();
            System.exit(0);
        }
        Thread.currentThread().join();
    }

    private void add(String key, long n) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(n);
    }

    private static String body(String kind, int thread, int i) {
        // a few non-ASCII characters, so that bytes are not characters
        return kind + " " + thread + "-" + i + (i % 3 == 0 ? " für Zoë, 5 € " : " for Joe") + "x".repeat(i % 50);
    }

    private void sendOrders(SqsClient sqs, String queue, int thread, int messages) {
        for (int i = 0; i < messages; i++) {
            String body = body("order", thread, i);
            sqs.sendMessage(b -> b.queueUrl(queue).messageBody(body));
            sent("orders", body);
        }
        for (int batch = 0; batch < 10; batch++) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                // SQS takes no control characters but tab, line feed and carriage return
                String body = batch % 4 == 0 && i == 7 ? "bad \u0001 order" : body("batched order", thread, batch * 10 + i);
                entries.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody(body).build());
            }
            SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(entries));
            for (SendMessageBatchRequestEntry entry : entries) {
                if (response.successful().stream().anyMatch(ok -> ok.id().equals(entry.id()))) {
                    sent("orders", entry.messageBody());
                }
            }
            response.failed().forEach(failed -> {
                add("refused.orders", 1);
                refusedCode = failed.code();
            });
        }
    }

    private void sent(String queue, String body) {
        add("sent." + queue, 1);
        add("sentBytes." + queue, body.getBytes(StandardCharsets.UTF_8).length);
    }

    private void received(String queue, Message message) {
        add("received." + queue, 1);
        add("receivedBytes." + queue, message.body().getBytes(StandardCharsets.UTF_8).length);
    }

    private static ReceiveMessageRequest receive(String queue) {
        return ReceiveMessageRequest.builder().queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)
                .attributeNamesWithStrings(MessageSystemAttributeName.SENT_TIMESTAMP.toString()).build();
    }

    /** Every order, one receive of up to ten at a time; nine in ten deleted one by one. */
    private void receiveOrders(SqsClient sqs, String queue) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count("received.orders") < count("sent.orders") && System.nanoTime() < deadline) {
            for (Message message : sqs.receiveMessage(receive(queue)).messages()) {
                received("orders", message);
                if (count("received.orders") % 10 != 0) {
                    sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle()));
                    add("deleted.orders", 1);
                }
            }
        }
    }

    private void sendEvents(SqsAsyncClient sqs, String queue, int messages) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            String body = body("event", 0, i);
            sends.add(sqs.sendMessage(b -> b.queueUrl(queue).messageBody(body)).thenRun(() -> sent("events", body)));
        }
        for (int batch = 0; batch < 5; batch++) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody(body("batched event", 0, batch * 10 + i)).build());
            }
            sends.add(sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(entries))
                    .thenAccept(response -> entries.forEach(entry -> sent("events", entry.messageBody()))));
        }
        CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0])).join();
    }

    /** All events but {@value #LEFT_IN_QUEUE}, each receive's messages deleted in one batch. */
    private void receiveEvents(SqsAsyncClient sqs, String queue) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count("received.events") < count("sent.events") - LEFT_IN_QUEUE && System.nanoTime() < deadline) {
            int room = (int) Math.min(10, count("sent.events") - LEFT_IN_QUEUE - count("received.events"));
            List<Message> messages = sqs.receiveMessage(receive(queue).toBuilder().maxNumberOfMessages(room).build()).join().messages();
            if (messages.isEmpty()) {
                continue;
            }
            List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
            for (Message message : messages) {
                received("events", message);
                deletes.add(DeleteMessageBatchRequestEntry.builder().id("d" + deletes.size()).receiptHandle(message.receiptHandle()).build());
            }
            add("deleted.events", sqs.deleteMessageBatch(b -> b.queueUrl(queue).entries(deletes)).join().successful().size());
        }
    }

    /** Sends and receives on a queue that does not exist: each fails with SQS's error; returns its code. */
    private String tryMissing(SqsClient sync, SqsAsyncClient async, String queue) {
        String code = null;
        for (int i = 0; i < 5; i++) {
            try {
                sync.sendMessage(b -> b.queueUrl(queue).messageBody("lost"));
            } catch (AwsServiceException e) {
                code = e.awsErrorDetails().errorCode();
                add("failedSends.missing", 1);
            }
        }
        for (int i = 0; i < 3; i++) {
            try {
                async.sendMessage(b -> b.queueUrl(queue).messageBody("lost")).join();
            } catch (CompletionException e) {
                add("failedSends.missing", 1);
            }
        }
        for (int i = 0; i < 2; i++) {
            try {
                sync.receiveMessage(b -> b.queueUrl(queue));
            } catch (AwsServiceException e) {
                add("failedReceives.missing", 1);
            }
        }
        return code;
    }

    private long count(String key) {
        AtomicLong value = counts.get(key);
        return value == null ? 0 : value.get();
    }
}
