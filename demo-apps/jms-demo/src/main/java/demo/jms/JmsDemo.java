package demo.jms;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.jms.BytesMessage;
import javax.jms.Connection;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageListener;
import javax.jms.MessageProducer;
import javax.jms.Queue;
import javax.jms.Session;
import javax.jms.TextMessage;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerService;

/**
 * An app on a JMS broker (ActiveMQ 5.18, which the demo starts in its own JVM on a loopback port,
 * with nothing persisted; clients talk to it over TCP): two producer threads send orders as text
 * messages to the {@code orders} queue, which a listener handles, and audit records as bytes
 * messages to {@code audit} through an unidentified producer, which a consumer takes with
 * {@code receive}. It prints its own counts and stays up ({@code -Ddemo.exit=true} to exit;
 * {@code -Ddemo.messages} per producer thread, 2,000).
 */
public final class JmsDemo {

    public static void main(String[] args) throws Exception {
        BrokerService broker = new BrokerService();
        broker.setPersistent(false);
        broker.setUseJmx(false);
        broker.addConnector("tcp://127.0.0.1:0");
        broker.start();
        String url = broker.getTransportConnectors().get(0).getPublishableConnectString();
        int perThread = Integer.getInteger("demo.messages", 2_000);

        Connection connection = new ActiveMQConnectionFactory(url).createConnection();
        connection.start();
        AtomicLong ordersBytes = new AtomicLong();
        AtomicLong auditBytes = new AtomicLong();
        AtomicLong handled = new AtomicLong();
        AtomicLong handledBytes = new AtomicLong();
        CountDownLatch allHandled = new CountDownLatch(2 * perThread);
        Session listening = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        listening.createConsumer(listening.createQueue("orders"))
                .setMessageListener(new OrderListener(handled, handledBytes, allHandled));

        Thread[] producers = new Thread[2];
        for (int t = 0; t < producers.length; t++) {
            producers[t] = new Thread(() -> produce(connection, perThread, ordersBytes, auditBytes), "producer-" + t);
            producers[t].start();
        }
        for (Thread producer : producers) {
            producer.join();
        }
        if (!allHandled.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(allHandled.getCount() + " orders were not handled");
        }
        long audits = 2 * (perThread / 2);
        long received = 0;
        long receivedBytes = 0;
        Session reading = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer auditReader = reading.createConsumer(reading.createQueue("audit"));
        while (received < audits) {
            Message message = auditReader.receive(5_000);
            if (message == null) {
                throw new IllegalStateException("audit records stopped after " + received);
            }
            received++;
            receivedBytes += ((BytesMessage) message).getBodyLength();
        }

        System.out.println("jms-demo counts: orders.sent=" + 2 * perThread + " orders.bytes=" + ordersBytes.get()
                + " orders.handled=" + handled.get() + " orders.handled_bytes=" + handledBytes.get()
                + " audit.sent=" + audits + " audit.bytes=" + auditBytes.get()
                + " audit.received=" + received + " audit.received_bytes=" + receivedBytes);
        if (Boolean.getBoolean("demo.exit")) {
            connection.close();
            broker.stop();
            return;
        }
        Thread.currentThread().join();
    }

    /** One producer thread: orders of varied length (some with non-ASCII text), an audit record every second order. */
    static void produce(Connection connection, int count, AtomicLong ordersBytes, AtomicLong auditBytes) {
        try {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer orders = session.createProducer(session.createQueue("orders"));
            MessageProducer any = session.createProducer(null);
            Queue audit = session.createQueue("audit");
            for (int i = 0; i < count; i++) {
                String text = "order-" + i + (i % 3 == 0 ? " für Zürich" : "") + "x".repeat(i % 40);
                TextMessage order = session.createTextMessage(text);
                orders.send(order);
                ordersBytes.addAndGet(text.getBytes(StandardCharsets.UTF_8).length);
                if (i % 2 == 0) {
                    BytesMessage record = session.createBytesMessage();
                    byte[] body = new byte[30 + i % 20];
                    record.writeBytes(body);
                    any.send(audit, record);
                    auditBytes.addAndGet(body.length);
                }
            }
            session.close();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts each order and its text's bytes. */
    static final class OrderListener implements MessageListener {
        private final AtomicLong handled;
        private final AtomicLong bytes;
        private final CountDownLatch done;

        OrderListener(AtomicLong handled, AtomicLong bytes, CountDownLatch done) {
            this.handled = handled;
            this.bytes = bytes;
            this.done = done;
        }

        @Override
        public void onMessage(Message message) {
            try {
                bytes.addAndGet(((TextMessage) message).getText().getBytes(StandardCharsets.UTF_8).length);
                handled.incrementAndGet();
                done.countDown();
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
