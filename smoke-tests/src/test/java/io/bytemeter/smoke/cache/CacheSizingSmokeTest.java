package io.bytemeter.smoke.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.MemcachedServer;
import io.bytemeter.smoke.RedisServer;
import io.bytemeter.smoke.Scrape;
import io.bytemeter.smoke.fixtures.SizedCachesApp;
import io.bytemeter.smoke.fixtures.SmallCaffeineApp;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bytemeter.cache.sizing=true}: each cache's miss-ratio curve on {@code /metrics} against the
 * exact LRU simulation the app ran over the same lookups, and its distinct keys against the app's
 * count; the sizes each library's maximum gives, and cache servers' curves; off by default.
 */
class CacheSizingSmokeTest {

    /** The curves on /metrics, the live page's drawing of them, and the exit summary's line for each cache. */
    @Test
    void eachCachesCurveIsWithinTwoHundredthsOfAnExactLruOverTheSameLookups() throws Exception {
        try (DemoProcess app = DemoProcess.startFixture(SizedCachesApp.class, "-Dbytemeter.cache.sizing=true",
                "-Dbytemeter.summary=stderr")) {
            Map<Long, Double> exact = exactRatios(app);
            Map<String, Long> counts = app.counts();
            Thread.sleep(200); // the sizing thread drains every 10 ms
            Scrape scrape = app.scrape();
            for (String cache : new String[] {"SizedCachesApp#products", "SizedCachesApp#sessions", "SizedCachesApp#catalog"}) {
                Map<Long, Double> curve = curve(scrape, cache);
                if (!cache.endsWith("catalog")) {
                    assertEquals(java.util.Set.of(500L, 1_000L, 2_000L, 4_000L, 8_000L), curve.keySet(),
                            cache + ": a quarter to four times its maximum of 2,000");
                } else {
                    // no maximum: the five powers of two up to the first at or above its distinct keys
                    long top = Long.highestOneBit(counts.get("distinct") - 1) << 1;
                    assertEquals(java.util.Set.of(top / 16, top / 8, top / 4, top / 2, top), curve.keySet(), cache);
                }
                curve.forEach((size, estimated) -> assertEquals(exact.get(size), estimated, 0.02,
                        cache + " at " + size + " entries: " + curve + ", exact " + exact));
                assertEquals(counts.get("distinct"), scrape.count("cache_distinct_keys", "cache", cache),
                        counts.get("distinct") * 0.02, cache);
                assertEquals(0, scrape.count("bytemeter_sizing_dropped_total", "cache", cache), cache);
                assertEquals(counts.get("lookups"), scrape.count("cache_gets_total", "cache", cache), cache + ": counts unchanged");
            }
            String page = Scrape.get(app.metricsPort(), "/", null).body();
            assertTrue(page.contains("<h2>Would a bigger cache help?</h2>"), page);
            assertTrue(page.contains("<figcaption>SizedCachesApp#products</figcaption><svg"), page);
            assertTrue(page.contains("<title>2000 entries: LRU miss "), "the curve's points: " + page);
            assertTrue(page.contains("<title>the cache: 2000 entries, miss "), "the cache itself, full: " + page);

            app.send("exit");
            assertEquals(0, app.awaitExit());
            java.util.regex.Matcher line = Pattern.compile("SizedCachesApp#products:\\s+LRU miss at 500 → ([0-9.]+), 1000 → ([0-9.]+),"
                    + " 2000 → ([0-9.]+), 4000 → ([0-9.]+), 8000 → ([0-9.]+);\\s+today ([0-9.]+)").matcher(app.output());
            assertTrue(line.find(), app.output());
            assertEquals(exact.get(2_000L), Double.parseDouble(line.group(3)), 0.02, line.group());
            double today = Double.parseDouble(line.group(6));
            assertTrue(today > 0 && today < Double.parseDouble(line.group(3)), "Caffeine misses less than LRU: " + line.group());
            assertTrue(app.output().contains("SizedCachesApp#catalog:"), app.output());
        }
    }

    @Test
    void eachLibrarysCacheIsSizedAroundItsOwnMaximum() throws Exception {
        try (DemoProcess demo = DemoProcess.startMain(LibraryCacheSmokeTest.classpath("current"), "demo.librarycache.LibraryCacheDemo",
                "-Dbytemeter.cache.sizing=true")) {
            demo.counts();
            Thread.sleep(200); // the sizing thread drains every 10 ms
            Scrape scrape = demo.scrape();
            // Caffeine's and Guava's maximumSize(2000), Ehcache's heap(2000) entries
            for (String cache : new String[] {"LibraryCacheDemo#caffeineUsers", "LibraryCacheDemo#guavaSessions", "inventory"}) {
                Map<Long, Double> curve = curve(scrape, cache);
                assertEquals(java.util.Set.of(500L, 1_000L, 2_000L, 4_000L, 8_000L), curve.keySet(), cache + ": " + scrape.text);
                assertTrue(curve.values().stream().allMatch(r -> r >= 0 && r <= 1), cache + ": " + curve);
                assertTrue(scrape.count("cache_distinct_keys", "cache", cache) > 0, cache);
            }
            // a JCache cache with no entry limit: powers of two up to its distinct keys
            Map<Long, Double> orders = curve(scrape, "orders");
            long top = Long.highestOneBit(scrape.count("cache_distinct_keys", "cache", "orders") - 1) << 1;
            assertEquals(java.util.Set.of(top / 16, top / 8, top / 4, top / 2, top), orders.keySet(), scrape.text);
        }
    }

    @TempDir
    Path dir;

    /**
     * Redis (Jedis and Lettuce, a database each) and memcached (both clients on one server): no
     * maximum, so the curve is drawn at the powers of two up to the first at or above the distinct
     * keys the demos look up, which are {@code item:0} to {@code item:499}; counts unchanged.
     */
    @Test
    void cacheServersAreSizedAroundTheirDistinctKeys() throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
                DemoProcess demo = DemoProcess.startMain(DemoProcess.libraryDemoClasspath("redis-demo", List.of()),
                        "demo.redis.RedisClientsDemo", "-Ddemo.redis.port=" + redis.port, "-Dbytemeter.cache.sizing=true")) {
            Map<String, Long> counts = demo.counts();
            Thread.sleep(200); // the sizing thread drains every 10 ms
            Scrape scrape = demo.scrape();
            for (String client : List.of("jedis", "lettuce")) {
                String cache = "redis://127.0.0.1:" + redis.port + (client.equals("jedis") ? "/0" : "/1");
                assertEquals(counts.get(client + ".hits"), scrape.count("cache_gets_total", "cache", cache, "result", "hit"), cache);
                assertSizedAroundFiveHundredKeys(scrape, cache);
            }
        }
        try (MemcachedServer memcached = MemcachedServer.start(dir);
                DemoProcess demo = DemoProcess.startMain(DemoProcess.libraryDemoClasspath("memcached-demo", List.of()),
                        "demo.memcached.MemcachedClientsDemo", "-Ddemo.memcached.port=" + memcached.port,
                        "-Dbytemeter.cache.sizing=true")) {
            Map<String, Long> counts = demo.counts();
            Thread.sleep(200);
            Scrape scrape = demo.scrape();
            String cache = "memcached://127.0.0.1:" + memcached.port;
            assertEquals(counts.get("spymemcached.hits") + counts.get("xmemcached.hits"),
                    scrape.count("cache_gets_total", "cache", cache, "result", "hit"), cache);
            assertSizedAroundFiveHundredKeys(scrape, cache);
        }
    }

    /** A curve at 32 to 512 entries, falling as the size grows, from 490 to 500 distinct keys. */
    private static void assertSizedAroundFiveHundredKeys(Scrape scrape, String cache) {
        long distinct = scrape.count("cache_distinct_keys", "cache", cache);
        assertTrue(distinct >= 490 && distinct <= 500, cache + ": " + distinct + " distinct keys\n" + scrape.text);
        Map<Long, Double> curve = curve(scrape, cache);
        assertEquals(java.util.Set.of(32L, 64L, 128L, 256L, 512L), curve.keySet(), cache + ": " + curve);
        double previous = 1;
        for (double ratio : curve.values()) {
            assertTrue(ratio <= previous && ratio > 0, cache + ": " + curve);
            previous = ratio;
        }
        assertEquals(0, scrape.count("bytemeter_sizing_dropped_total", "cache", cache), cache);
    }

    @Test
    void offByDefault() throws Exception {
        try (DemoProcess app = DemoProcess.startFixture(SmallCaffeineApp.class)) {
            app.awaitLine(Pattern.compile("small-caffeine counts"));
            Scrape scrape = app.scrape();
            assertTrue(scrape.text.contains("cache_gets_total"), scrape.text);
            assertFalse(scrape.text.contains("cache_lru_miss_ratio"), scrape.text);
            assertFalse(scrape.text.contains("cache_distinct_keys"), scrape.text);
        }
    }

    /** The exact LRU miss ratios the app simulated, by size. */
    private static Map<Long, Double> exactRatios(DemoProcess app) {
        Map<Long, Double> exact = new HashMap<>();
        for (String pair : app.awaitLine(Pattern.compile("exact lru: (.*)$")).group(1).split(" ")) {
            String[] sizeAndRatio = pair.split("=");
            exact.put(Long.parseLong(sizeAndRatio[0]), Double.parseDouble(sizeAndRatio[1]));
        }
        return exact;
    }

    /** The cache's {@code cache_lru_miss_ratio} gauges, by size. */
    private static Map<Long, Double> curve(Scrape scrape, String cache) {
        Map<Long, Double> curve = new TreeMap<>();
        scrape.samples.stream()
                .filter(s -> s.name().equals("cache_lru_miss_ratio") && cache.equals(s.labels().get("cache")))
                .forEach(s -> curve.put(Long.parseLong(s.labels().get("size")), s.value()));
        return curve;
    }
}
