package io.bytemeter.smoke.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bytemeter.smoke.Scrape;

/**
 * What every cache's smoke test holds its library to: per cache, hits and misses equal what the
 * library's own statistics (or the app) counted, puts and delete calls equal the app's, and a
 * counter and its duration histogram count the same calls when every call is timed. A library's
 * test extends this and passes its cache's name and the library's own counts.
 */
abstract class AbstractCacheSmokeTest {

    static void assertGets(Scrape scrape, String cache, long hits, long misses) {
        assertEquals(hits, scrape.count("cache_gets_total", "cache", cache, "result", "hit"), cache + " hits");
        assertEquals(misses, scrape.count("cache_gets_total", "cache", cache, "result", "miss"), cache + " misses");
    }

    static void assertWrites(Scrape scrape, String cache, long puts, long deleteCalls) {
        assertEquals(puts, scrape.count("cache_puts_total", "cache", cache), cache + " puts");
        assertEquals(deleteCalls, scrape.count("cache_deletes_total", "cache", cache), cache + " delete calls");
    }

    /** One meaning per name: {@code cache_<operation>s_total} and the operation's histogram count the same calls. */
    static void assertHistogramsCountEveryCall(Scrape scrape, String cache, String... operations) {
        for (String operation : operations) {
            String counter = operation.equals("get") ? "cache_gets_total" : operation.equals("put") ? "cache_puts_total" : "cache_deletes_total";
            assertEquals(scrape.count(counter, "cache", cache),
                    scrape.count("cache_operation_duration_seconds_count", "cache", cache, "operation", operation),
                    cache + ": the " + operation + " counter and the " + operation + " histogram count the same calls");
        }
    }
}
