package demo.nats;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An app on a NATS server: three publisher threads send orders ({@code orders.created},
 * {@code orders.paid}) that a dispatcher handles and audit events that a synchronous subscriber
 * takes with {@code nextMessage}; a client asks for prices by request-reply ({@code prices.quote},
 * answered by a responder); then a publish on a closed connection. It prints its own counts per
 * subject (replies counted under {@code _INBOX}) and stays up.
 *
 * <p>It needs a server: {@code -Ddemo.nats.port} (4222 by default) on 127.0.0.1, as Debian's
 * {@code nats-server} gives ({@code nats-server -a 127.0.0.1}). {@code -Ddemo.messages} per
 * publisher thread (2,000), {@code -Ddemo.exit=true} to exit when done.
 */
public final class NatsDemo {

    private static final Map<String, AtomicLong[]> SENT = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong[]> RECEIVED = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        String url = "nats://127.0.0.1:" + Integer.getInteger("demo.nats.port", 4222);
        int perThread = Integer.getInteger("demo.messages", 2_000);
        int requests = 200;
        try (Connection nats = Nats.connect(url)) {
            Dispatcher orders = nats.createDispatcher(message -> count(RECEIVED, message.getSubject(), message.getData()));
            orders.subscribe("orders.*");
            Dispatcher responder = nats.createDispatcher(request -> {
                count(RECEIVED, request.getSubject(), request.getData());
                byte[] price = ("price-of-" + new String(request.getData())).getBytes();
                nats.publish(request.getReplyTo(), price);
                count(SENT, "_INBOX", price);
            });
            responder.subscribe("prices.quote");
            Subscription audit = nats.subscribe("audit");
            nats.flush(Duration.ofSeconds(5));

            int auditTotal = 3 * (perThread / 4);
            Thread auditReader = new Thread(() -> {
                try {
                    for (int got = 0; got < auditTotal; ) {
                        Message message = audit.nextMessage(Duration.ofSeconds(10));
                        if (message == null) {
                            throw new IllegalStateException("audit events stopped after " + got);
                        }
                        count(RECEIVED, message.getSubject(), message.getData());
                        got++;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "audit-reader");
            auditReader.start();

            Thread[] publishers = new Thread[3];
            for (int t = 0; t < publishers.length; t++) {
                publishers[t] = new Thread(() -> publish(nats, perThread), "publisher-" + t);
                publishers[t].start();
            }
            for (Thread publisher : publishers) {
                publisher.join();
            }
            for (int i = 0; i < requests; i++) {
                byte[] item = ("item-" + i).getBytes();
                count(SENT, "prices.quote", item);
                Message reply = nats.request("prices.quote", item, Duration.ofSeconds(5));
                count(RECEIVED, "_INBOX", reply.getData());
            }
            auditReader.join();
            int expected = 3 * perThread + 3 * (perThread / 2);
            for (int i = 0; i < 500 && received("orders.created") + received("orders.paid") < expected; i++) {
                Thread.sleep(20);
            }

            long closedErrors = 0;
            Connection closed = Nats.connect(url);
            closed.close();
            for (int i = 0; i < 5; i++) {
                try {
                    closed.publish("orders.created", new byte[10]);
                } catch (IllegalStateException e) {
                    closedErrors++;
                }
            }

            StringBuilder line = new StringBuilder("nats-demo counts:");
            new TreeMap<>(SENT).forEach((subject, c) -> line.append(' ').append("sent.").append(subject).append('=').append(c[0])
                    .append(" sent_bytes.").append(subject).append('=').append(c[1]));
            new TreeMap<>(RECEIVED).forEach((subject, c) -> line.append(' ').append("received.").append(subject).append('=')
                    .append(c[0]).append(" received_bytes.").append(subject).append('=').append(c[1]));
            line.append(" closed_errors=").append(closedErrors);
            System.out.println(line);
            if (Boolean.getBoolean("demo.exit")) {
                return;
            }
            Thread.currentThread().join();
        }
    }

    /** One publisher thread: orders of 50 to 79 bytes, a payment for every second, an audit event for every fourth. */
    static void publish(Connection nats, int count) {
        for (int i = 0; i < count; i++) {
            send(nats, "orders.created", new byte[50 + i % 30]);
            if (i % 2 == 0) {
                send(nats, "orders.paid", new byte[40 + i % 10]);
            }
            if (i % 4 == 0) {
                send(nats, "audit", new byte[20 + i % 5]);
            }
        }
    }

    private static void send(Connection nats, String subject, byte[] body) {
        nats.publish(subject, body);
        count(SENT, subject, body);
    }

    private static void count(Map<String, AtomicLong[]> counts, String subject, byte[] body) {
        AtomicLong[] c = counts.computeIfAbsent(subject, s -> new AtomicLong[] {new AtomicLong(), new AtomicLong()});
        c[0].incrementAndGet();
        c[1].addAndGet(body == null ? 0 : body.length);
    }

    private static long received(String subject) {
        AtomicLong[] c = RECEIVED.get(subject);
        return c == null ? 0 : c[0].get();
    }
}
