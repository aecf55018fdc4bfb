package io.bytemeter.smoke.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.SampledCounts;
import io.bytemeter.smoke.Scrape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exact under load: 8 threads making 10^7 operations each through a custom cache and through
 * each library cache, every count on /metrics equal to the app's own and the libraries' own
 * statistics. Minutes long: runs with {@code mvn -B verify -Psoak} only.
 */
class LoadSoakTest {

    private static final String LOAD = "-Ddemo.threads=8";
    private static final String OPS = "-Ddemo.ops=10000000";

    @Test
    void aCustomCacheStaysExact() throws Exception {
        try (DemoProcess demo = DemoProcess.startDemo("cache-demo", LOAD, OPS)) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            assertEquals(80_000_000L + 10_000, counts.get("gets") + counts.get("sets") + counts.get("deletes"), "the whole workload ran");
            assertEquals(counts.get("hits"), scrape.count("cache_gets_total", "cache", "sessions", "result", "hit"));
            assertEquals(counts.get("misses"), scrape.count("cache_gets_total", "cache", "sessions", "result", "miss"));
            assertEquals(counts.get("sets"), scrape.count("cache_puts_total", "cache", "sessions"));
            assertEquals(counts.get("deletes"), scrape.count("cache_deletes_total", "cache", "sessions"));
            SampledCounts.assertWithinOnePercent(counts.get("deletes"),
                    scrape.count("cache_operation_duration_seconds_count", "cache", "sessions", "operation", "delete"), "deletes");
        }
    }

    @Test
    void libraryCachesStayExact() throws Exception {
        try (DemoProcess demo = DemoProcess.startMain(LibraryCacheSmokeTest.classpath("current"), "demo.librarycache.LibraryCacheDemo",
                LOAD, OPS)) {
            LibraryCacheSmokeTest.checkCounts(demo, "current");
        }
    }
}
