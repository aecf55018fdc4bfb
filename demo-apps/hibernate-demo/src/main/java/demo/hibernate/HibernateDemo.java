package demo.hibernate;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/**
 * An app that keeps its data in PostgreSQL through Hibernate, from several threads, each
 * transaction inserting one of each entity: orders (a sequence, 50 IDs a fetch), invoices (a
 * sequence, pooled-lo, 20), shipments (a table row, hilo, 10), payments (a sequence value per ID),
 * customers (UUIDs) and audit entries (an identity column). It prints how many of each it inserted (one per committed transaction).
 *
 * <p>{@code -Ddemo.jdbc.url=jdbc:postgresql://127.0.0.1:P/postgres} uses that database (user
 * {@code postgres}, no password), else the demo starts a PostgreSQL of its own;
 * {@code -Ddemo.threads} (4), {@code -Ddemo.transactions} (per thread, 500), {@code -Ddemo.exit=true}.
 */
public final class HibernateDemo {

    private static final List<String> ENTITIES = List.of("Order", "Invoice", "Shipment", "Payment", "Customer", "AuditEntry");

    public static void main(String[] args) throws Exception {
        Logger.getLogger("org.hibernate").setLevel(Level.WARNING);
        int threads = Integer.getInteger("demo.threads", 4);
        int transactions = Integer.getInteger("demo.transactions", 500);
        try (PostgresProcess postgres = PostgresProcess.startOrUse();
                SessionFactory factory = new Configuration()
                        .addAnnotatedClass(Order.class).addAnnotatedClass(Invoice.class).addAnnotatedClass(Shipment.class)
                        .addAnnotatedClass(Payment.class).addAnnotatedClass(Customer.class).addAnnotatedClass(AuditEntry.class)
                        .setProperty("hibernate.connection.url", postgres.jdbcUrl)
                        .setProperty("hibernate.connection.username", "postgres")
                        .setProperty("hibernate.connection.pool_size", Integer.toString(threads + 1))
                        .setProperty("hibernate.hbm2ddl.auto", "create")
                        .buildSessionFactory()) {
            AtomicLong committed = new AtomicLong();
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers[t] = new Thread(() -> {
                    for (int i = 0; i < transactions; i++) {
                        String tag = thread + "-" + i;
                        long cents = i * 100L;
                        factory.inTransaction(session -> {
                            session.persist(new Order("item " + tag));
                            session.persist(new Invoice(cents));
                            session.persist(new Shipment("carrier " + thread));
                            session.persist(new Payment(cents));
                            session.persist(new Customer("customer " + tag));
                            session.persist(new AuditEntry("transaction " + tag));
                        });
                        committed.incrementAndGet();
                    }
                }, "hibernate-demo-" + t);
                workers[t].start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            StringBuilder line = new StringBuilder("hibernate-demo counts:");
            for (String entity : ENTITIES) {
                line.append(' ').append(entity).append('=').append(committed.get());
            }
            System.out.println(line);
            if (!Boolean.getBoolean("demo.exit")) {
                Thread.currentThread().join();
            }
        }
    }
}
