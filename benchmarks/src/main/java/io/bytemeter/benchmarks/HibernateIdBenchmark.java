package io.bytemeter.benchmarks;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hibernate.Session;
import org.hibernate.cfg.Configuration;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.id.IdentifierGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One ID from Hibernate's sequence generator with its pooled optimizer, handed out in memory: the
 * block is a million IDs, so the database (H2, in-process) is asked once in a million calls and the
 * figure is what an ID costs between fetches, the call the agent advises on every ID.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HibernateIdBenchmark {

    /** An entity whose IDs come from a sequence a million at a time. */
    @Entity
    public static class Ticket {
        @Id
        @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ticket_ids")
        @SequenceGenerator(name = "ticket_ids", sequenceName = "ticket_seq", allocationSize = 1_000_000)
        Long id;
    }

    private SessionFactoryImplementor factory;
    private Session session;
    private SharedSessionContractImplementor sessionContract;
    private IdentifierGenerator generator;
    private final Ticket ticket = new Ticket();

    @Setup
    public void start() {
        Logger.getLogger("org.hibernate").setLevel(Level.WARNING);
        factory = (SessionFactoryImplementor) new Configuration().addAnnotatedClass(Ticket.class)
                .setProperty("hibernate.connection.url", "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1")
                .setProperty("hibernate.hbm2ddl.auto", "create")
                .buildSessionFactory();
        generator = (IdentifierGenerator) factory.getMappingMetamodel().getEntityDescriptor(Ticket.class).getGenerator();
        session = factory.openSession();
        sessionContract = session.unwrap(SharedSessionContractImplementor.class);
        session.beginTransaction();
    }

    @TearDown
    public void stop() {
        session.getTransaction().rollback();
        session.close();
        factory.close();
    }

    @Benchmark
    public Object pooledId() {
        return generator.generate(sessionContract, ticket);
    }
}
