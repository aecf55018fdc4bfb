package io.bytemeter.smoke.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bytemeter.smoke.SampledCounts;
import io.bytemeter.smoke.Scrape;

/**
 * What every cache's smoke test holds its library to: per cache, hits and misses equal what the
 * library's own statistics (or the app) counted, puts and delete calls equal the app's, and a
 * duration histogram stands for the calls its counter counts: exactly when every call is timed,
 * as {@link SampledCounts} says when one in {@value #CACHE_INTERVAL} is (the default for caches in
 * the process). A library's test extends this and passes its cache's name and the library's own counts.
 */
abstract class AbstractCacheSmokeTest {

    /** One in how many in-process cache calls are timed by default. */
    static final int CACHE_INTERVAL = 256;

    static void assertGets(Scrape scrape, String cache, long hits, long misses) {
        assertEquals(hits, scrape.count("cache_gets_total", "cache", cache, "result", "hit"), cache + " hits");
        assertEquals(misses, scrape.count("cache_gets_total", "cache", cache, "result", "miss"), cache + " misses");
    }

    static void assertWrites(Scrape scrape, String cache, long puts, long deleteCalls) {
        assertEquals(puts, scrape.count("cache_puts_total", "cache", cache), cache + " puts");
        assertEquals(deleteCalls, scrape.count("cache_deletes_total", "cache", cache), cache + " delete calls");
    }

    /** With every call timed: {@code cache_<operation>s_total} and the operation's histogram count the same calls. */
    static void assertHistogramsCountEveryCall(Scrape scrape, String cache, String... operations) {
        for (String operation : operations) {
            assertEquals(scrape.count(counter(operation), "cache", cache), histogramCount(scrape, cache, operation),
                    cache + ": the " + operation + " counter and the " + operation + " histogram count the same calls");
        }
    }

    /** With the default timing: the operation's histogram stands for the calls its counter counts. */
    static void assertHistogramsStandForEveryCall(Scrape scrape, String cache, String... operations) {
        for (String operation : operations) {
            SampledCounts.assertStandsFor(scrape.count(counter(operation), "cache", cache), histogramCount(scrape, cache, operation),
                    CACHE_INTERVAL, cache + " " + operation);
        }
    }

    private static String counter(String operation) {
        return operation.equals("get") ? "cache_gets_total" : operation.equals("put") ? "cache_puts_total" : "cache_deletes_total";
    }

    /** A histogram with no timed call yet is not exported: read as 0. */
    private static long histogramCount(Scrape scrape, String cache, String operation) {
        return Math.round(scrape.sum("cache_operation_duration_seconds_count", "cache", cache, "operation", operation));
    }
}
