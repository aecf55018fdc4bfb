package io.bytemeter.smoke.id;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /** {@code generated} IDs counted, and each call timed (every call is timed by default). */
    static void assertIds(Scrape scrape, String generator, long generated) {
        assertGenerated(scrape, generator, generated);
        assertEquals(generated, scrape.count("id_generation_duration_seconds_count", "generator", generator), generator + " timed");
    }

    /** Each overflow counted once, and its wait for the next tick timed (a histogram with no wait yet is not exported: read as 0). */
    static void assertOverflows(Scrape scrape, String generator, long overflows) {
        assertEquals(overflows, scrape.count("id_sequence_overflows_total", "generator", generator), generator + " overflows");
        assertEquals(overflows, Math.round(scrape.sum("id_wait_duration_seconds_count", "generator", generator)), generator + " waits");
    }
}
