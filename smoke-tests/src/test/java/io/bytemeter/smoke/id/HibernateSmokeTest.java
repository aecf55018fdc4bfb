package io.bytemeter.smoke.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.PostgresServer;
import io.bytemeter.smoke.Scrape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hibernate's ID generators against a real PostgreSQL, under Hibernate 7 and 6, with nothing but
 * {@code -javaagent}: per entity, the IDs counted equal the rows the app inserted and the database
 * holds, and the blocks fetched equal what the sequence or table itself says was handed out.
 */
class HibernateSmokeTest extends AbstractIdSmokeTest {

    /** The demo's sequences: the entity whose IDs each one makes. */
    private static final Map<String, String> SEQUENCES = Map.of("Order", "order_seq", "Invoice", "invoice_seq", "Payment", "payment_seq");
    private static final Map<String, String> TABLES = Map.of("Order", "orders", "Invoice", "invoice", "Shipment", "shipment",
            "Payment", "payment", "Customer", "customer", "AuditEntry", "auditentry");

    @ParameterizedTest
    @ValueSource(strings = {"hibernate-demo", "hibernate6-demo"})
    void idsAndBlockFetchesEqualWhatTheDatabaseSays(String demo) throws Exception {
        try (PostgresServer postgres = PostgresServer.start();
                DemoProcess app = DemoProcess.startMain(DemoProcess.libraryDemoClasspath(demo, List.of()), "demo.hibernate.HibernateDemo",
                        "-Ddemo.jdbc.url=" + postgres.jdbcUrl())) {
            Map<String, Long> counts = app.counts();
            Scrape scrape = app.scrape();

            for (Map.Entry<String, String> table : TABLES.entrySet()) {
                String entity = table.getKey();
                long rows = postgres.queryLong("select count(*) from " + table.getValue());
                assertEquals(counts.get(entity), rows, entity + ": rows the app committed");
                if (entity.equals("AuditEntry")) {
                    // the database made these IDs: counted, with no duration of ours
                    assertGenerated(scrape, entity, rows);
                    assertEquals(0, scrape.sum("id_generation_duration_seconds_count", "generator", entity), entity + " not timed");
                } else {
                    assertIds(scrape, entity, rows);
                }
            }

            // a sequence handed out (last_value - start) / increment + 1 values, one per fetch
            for (Map.Entry<String, String> sequence : SEQUENCES.entrySet()) {
                String values = postgres.query("select start_value, increment_by, last_value from pg_sequences where sequencename = '"
                        + sequence.getValue() + "'").get(0);
                String[] v = values.split("\\|");
                long fetched = (Long.parseLong(v[2]) - Long.parseLong(v[0])) / Long.parseLong(v[1]) + 1;
                assertBlockFetches(scrape, sequence.getKey(), fetched);
            }
            // hilo over a table: each fetch reads the row's value and adds 1 to it, from the 1 it was created with
            assertBlockFetches(scrape, "Shipment", postgres.queryLong("select next_val from shipment_ids") - 1);
            // the payments' allocation size of 1: a round trip for every ID
            assertEquals(counts.get("Payment"), scrape.count("id_block_fetches_total", "generator", "Payment"));

            assertFalse(scrape.text.contains("id_generation_errors_total{"), "no generation failed");
            assertFalse(scrape.text.contains("bytemeter_recorder_errors_total{"), "no recorder failed");
            assertFalse(scrape.text.contains("SequenceStyleGenerator"), "every generator is named by its entity");
        }
    }

    /** Each fetch counted once, and its round trip timed: most take more than 10 µs, even on loopback. */
    private static void assertBlockFetches(Scrape scrape, String entity, long fetched) {
        assertEquals(fetched, scrape.count("id_block_fetches_total", "generator", entity), entity + " block fetches");
        assertEquals(fetched, scrape.count("id_wait_duration_seconds_count", "generator", entity), entity + " fetches timed");
        assertTrue(scrape.count("id_wait_duration_seconds_bucket", "generator", entity, "le", "1.0E-5") < fetched / 2,
                entity + " fetches are round trips");
    }
}
