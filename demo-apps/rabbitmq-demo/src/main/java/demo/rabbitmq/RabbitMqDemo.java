package demo.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.util.Date;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An app on a RabbitMQ broker: three publisher threads, each on its own channel (one with publisher
 * confirms), send invoices to the {@code invoices} queue through the default exchange and audit
 * events to the {@code events} exchange (routed to the {@code audit} queue); a consumer acks most
 * invoices, nacks some and rejects some; a reader drains {@code audit} with {@code basicGet}. Then
 * the errors a client meets: mandatory messages nobody can route (returned), a publish after the
 * broker closed the channel for a missing exchange, and a publish on a closed connection. It prints
 * its own counts and stays up.
 *
 * <p>It needs a broker: {@code -Ddemo.rabbitmq.port} (5672 by default) on 127.0.0.1, guest/guest,
 * as Debian's {@code rabbitmq-server} package or {@code docker run -p 5672:5672 rabbitmq} gives.
 * {@code -Ddemo.messages} per publisher thread (2,000), {@code -Ddemo.exit=true} to exit when done.
 */
public final class RabbitMqDemo {

    static final String INVOICES = "invoices";
    static final String AUDIT = "audit";
    static final String EVENTS = "events";

    public static void main(String[] args) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(Integer.getInteger("demo.rabbitmq.port", 5672));
        int perThread = Integer.getInteger("demo.messages", 2_000);
        try (Connection connection = factory.newConnection("rabbitmq-demo")) {
            try (Channel setup = connection.createChannel()) {
                setup.queueDeclare(INVOICES, false, false, false, null);
                setup.queueDeclare(AUDIT, false, false, false, null);
                setup.exchangeDeclare(EVENTS, "direct");
                setup.queueBind(AUDIT, EVENTS, "audit.created");
                setup.queuePurge(INVOICES);
                setup.queuePurge(AUDIT);
            }

            AtomicLong invoiceBytes = new AtomicLong();
            AtomicLong auditSent = new AtomicLong();
            AtomicLong auditBytes = new AtomicLong();
            Counts consumed = new Counts();
            int invoices = 3 * perThread;
            CountDownLatch allDelivered = new CountDownLatch(invoices);
            Channel consumerChannel = connection.createChannel();
            consumerChannel.basicQos(100);
            consumerChannel.basicConsume(INVOICES, false, new InvoiceConsumer(consumerChannel, consumed, allDelivered));

            Thread[] publishers = new Thread[3];
            for (int t = 0; t < publishers.length; t++) {
                boolean confirms = t == 0;
                publishers[t] = new Thread(() -> publish(connection, perThread, confirms, invoiceBytes, auditSent, auditBytes),
                        "publisher-" + t);
                publishers[t].start();
            }
            for (Thread publisher : publishers) {
                publisher.join();
            }
            if (!allDelivered.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not every invoice was delivered: " + allDelivered.getCount() + " left");
            }

            long got = 0;
            long gotBytes = 0;
            try (Channel reader = connection.createChannel()) {
                while (got < auditSent.get()) {
                    GetResponse response = reader.basicGet(AUDIT, true);
                    if (response != null) {
                        got++;
                        gotBytes += response.getBody().length;
                    }
                }
            }

            long returned = unroutable(connection, 25);
            long closedErrors = publishAfterClose(connection, factory);

            System.out.println("rabbitmq-demo counts: invoices.sent=" + invoices + " invoices.bytes=" + invoiceBytes.get()
                    + " audit.sent=" + auditSent.get() + " audit.bytes=" + auditBytes.get()
                    + " invoices.delivered=" + consumed.delivered.get() + " invoices.delivered_bytes=" + consumed.bytes.get()
                    + " acks=" + consumed.acks.get() + " nacks=" + consumed.nacks.get() + " rejects=" + consumed.rejects.get()
                    + " audit.got=" + got + " audit.got_bytes=" + gotBytes
                    + " returned=" + returned + " closed_errors=" + closedErrors);
            if (Boolean.getBoolean("demo.exit")) {
                consumerChannel.close();
                return;
            }
            Thread.currentThread().join();
        }
    }

    /** One publisher thread: invoices of sizes 100 to 149 bytes, and an audit event every fourth message. */
    static void publish(Connection connection, int count, boolean confirms, AtomicLong invoiceBytes,
            AtomicLong auditSent, AtomicLong auditBytes) {
        try (Channel channel = connection.createChannel()) {
            if (confirms) {
                channel.confirmSelect();
            }
            for (int i = 0; i < count; i++) {
                byte[] invoice = new byte[100 + i % 50];
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().timestamp(new Date()).build();
                channel.basicPublish("", INVOICES, properties, invoice);
                invoiceBytes.addAndGet(invoice.length);
                if (i % 4 == 0) {
                    byte[] event = new byte[20 + i % 10];
                    channel.basicPublish(EVENTS, "audit.created", null, event);
                    auditSent.incrementAndGet();
                    auditBytes.addAndGet(event.length);
                }
                if (confirms && i % 100 == 99) {
                    channel.waitForConfirmsOrDie(10_000);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Mandatory messages to a queue that does not exist: the broker returns each. */
    static long unroutable(Connection connection, int count) throws Exception {
        CountDownLatch returns = new CountDownLatch(count);
        try (Channel channel = connection.createChannel()) {
            channel.addReturnListener(returned -> returns.countDown());
            for (int i = 0; i < count; i++) {
                channel.basicPublish("", "no-such-queue", true, null, new byte[10]);
            }
            if (!returns.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(returns.getCount() + " mandatory messages were not returned");
            }
        }
        return count;
    }

    /**
     * A publish to a missing exchange makes the broker close the channel; the publishes after it
     * throw. Then a publish on a closed connection. Returns how many publishes threw.
     */
    static long publishAfterClose(Connection connection, ConnectionFactory factory) throws Exception {
        long failed = 0;
        Channel channel = connection.createChannel();
        channel.basicPublish("no-such-exchange", "x", null, new byte[10]);
        for (int i = 0; i < 200 && channel.isOpen(); i++) {
            Thread.sleep(10);
        }
        for (int i = 0; i < 5; i++) {
            try {
                channel.basicPublish("", INVOICES + "-closed", null, new byte[10]);
            } catch (AlreadyClosedException e) {
                failed++;
            }
        }
        Connection closed = factory.newConnection("rabbitmq-demo-closed");
        Channel onClosed = closed.createChannel();
        closed.close();
        for (int i = 0; i < 5; i++) {
            try {
                onClosed.basicPublish("", INVOICES + "-closed", null, new byte[10]);
            } catch (AlreadyClosedException e) {
                failed++;
            }
        }
        return failed;
    }

    static final class Counts {
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong acks = new AtomicLong();
        final AtomicLong nacks = new AtomicLong();
        final AtomicLong rejects = new AtomicLong();
    }

    /** Acks invoices; nacks every 50th and rejects every 70th (neither requeued). */
    static final class InvoiceConsumer extends DefaultConsumer {
        private final Counts counts;
        private final CountDownLatch delivered;

        InvoiceConsumer(Channel channel, Counts counts, CountDownLatch delivered) {
            super(channel);
            this.counts = counts;
            this.delivered = delivered;
        }

        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                throws IOException {
            long n = counts.delivered.incrementAndGet();
            counts.bytes.addAndGet(body.length);
            if (n % 50 == 0) {
                getChannel().basicNack(envelope.getDeliveryTag(), false, false);
                counts.nacks.incrementAndGet();
            } else if (n % 70 == 0) {
                getChannel().basicReject(envelope.getDeliveryTag(), false);
                counts.rejects.incrementAndGet();
            } else {
                getChannel().basicAck(envelope.getDeliveryTag(), false);
                counts.acks.incrementAndGet();
            }
            delivered.countDown();
        }
    }
}
