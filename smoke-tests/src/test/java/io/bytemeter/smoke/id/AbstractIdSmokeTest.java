package io.bytemeter.smoke.id;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bytemeter.smoke.SampledCounts;
import io.bytemeter.smoke.Scrape;

/**
 * What every ID generator's smoke test holds its library to: per generator, the IDs counted and
 * timed equal the app's own count, and sequence overflows equal what the app or the IDs' own bits
 * say. A library's test extends this and passes its generator's name and those counts.
 */
abstract class AbstractIdSmokeTest {

    /** {@code generated} IDs counted. */
    static void assertGenerated(Scrape scrape, String generator, long generated) {
        assertEquals(generated, scrape.count("id_generated_total", "generator", generator), generator + "\n" + scrape.text);
    }

    /** One in how many ID generations are timed by default. */
    static final int ID_INTERVAL = 64;

    /** {@code generated} IDs counted, and the duration histogram standing for every one ({@link SampledCounts}). */
    static void assertIds(Scrape scrape, String generator, long generated) {
        assertGenerated(scrape, generator, generated);
        SampledCounts.assertStandsFor(generated, Math.round(scrape.sum("id_generation_duration_seconds_count", "generator", generator)),
                ID_INTERVAL, generator + " timed");
    }

    /** Each overflow counted once, and its wait for the next tick timed (a histogram with no wait yet is not exported: read as 0). */
    static void assertOverflows(Scrape scrape, String generator, long overflows) {
        assertEquals(overflows, scrape.count("id_sequence_overflows_total", "generator", generator), generator + " overflows");
        assertEquals(overflows, Math.round(scrape.sum("id_wait_duration_seconds_count", "generator", generator)), generator + " waits");
    }
}
