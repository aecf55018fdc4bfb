package io.bytemeter.smoke.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.Scrape;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Caffeine, Guava, Ehcache and JCache with nothing but {@code -javaagent}: every count on
 * /metrics equals the library's own statistics (puts and deletes, which the libraries do not
 * count, equal the app's), under the current versions and the oldest ones the README lists.
 */
public class LibraryCacheSmokeTest extends AbstractCacheSmokeTest {

    private static final Path MATRIX = Paths.get(System.getProperty("matrix.dir"));
    private static final String MAIN = "demo.librarycache.LibraryCacheDemo";

    /** The demo with its own libraries ("current"), or with Caffeine 2.9.3 and Guava 23.0 in their place ("oldest"). */
    public static List<Path> classpath(String versions) throws IOException {
        return versions.equals("oldest")
                ? DemoProcess.libraryDemoClasspath("library-cache-demo",
                        List.of(MATRIX.resolve("caffeine-2.9.3.jar"), MATRIX.resolve("guava-23.0.jar")),
                        "caffeine-", "guava-", "failureaccess-", "listenablefuture-")
                : DemoProcess.libraryDemoClasspath("library-cache-demo", List.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"current", "oldest"})
    void countsEqualEachLibrarysOwnStatistics(String versions) throws Exception {
        try (DemoProcess demo = DemoProcess.startMain(classpath(versions), MAIN)) {
            checkCounts(demo, versions);
        }
    }

    /** Every count on the demo's /metrics against the libraries' own statistics and the demo's counts. */
    public static void checkCounts(DemoProcess demo, String versions) throws IOException {
        Map<String, Long> counts = demo.counts();
        Scrape scrape = demo.scrape();
        for (String[] cache : new String[][] {
                {"caffeine", "LibraryCacheDemo#caffeineUsers"},
                {"guava", "LibraryCacheDemo#guavaSessions"},
                {"caffeine_loading", "LibraryCacheDemo#caffeinePrices"},
                {"guava_loading", "LibraryCacheDemo#guavaRates"}}) {
            String stat = cache[0];
            String name = cache[1];
            long hits = scrape.count("cache_gets_total", "cache", name, "result", "hit");
            long misses = scrape.count("cache_gets_total", "cache", name, "result", "miss");
            assertEquals(counts.get(stat + ".hits") + counts.get(stat + ".misses"), hits + misses, name);
            if (versions.equals("oldest") && stat.equals("caffeine")) {
                // Caffeine 2.x's getIfPresent counts a hit when it finds an entry that a concurrent eviction has
                // just emptied, and returns null; the agent counts what the app got: a miss. 3.x agrees with us.
                assertTrue(Math.abs(counts.get(stat + ".hits") - hits) <= 3, name + ": stats " + counts.get(stat + ".hits")
                        + " hits, agent " + hits);
            } else {
                assertEquals(counts.get(stat + ".hits"), hits, name);
                assertEquals(counts.get(stat + ".misses"), misses, name);
            }
            assertEquals(counts.get(stat + ".load_successes"), scrape.count("cache_loads_total", "cache", name, "result", "success"), name);
            assertEquals(counts.get(stat + ".load_failures"), scrape.count("cache_loads_total", "cache", name, "result", "failure"), name);
            assertEquals(counts.get(stat + ".evictions"), scrape.count("cache_evictions_total", "cache", name), name);
            assertTrue(counts.get(stat + ".evictions") > 0, "the workload overfills " + name);
        }
        for (String[] cache : new String[][] {{"caffeine", "LibraryCacheDemo#caffeineUsers"}, {"guava", "LibraryCacheDemo#guavaSessions"}}) {
            assertEquals(counts.get(cache[0] + ".puts"), scrape.count("cache_puts_total", "cache", cache[1]), cache[1]);
            assertEquals(counts.get(cache[0] + ".deletes"), scrape.count("cache_deletes_total", "cache", cache[1]), cache[1]);
            assertEquals(counts.get(cache[0] + ".removals"), scrape.count("cache_removals_total", "cache", cache[1]), cache[1]);
            assertTrue(counts.get(cache[0] + ".removals") < counts.get(cache[0] + ".deletes"), "some deletes find nothing");
        }
        for (String cache : new String[] {"LibraryCacheDemo#caffeineUsers", "LibraryCacheDemo#guavaSessions", "inventory", "orders"}) {
            assertHistogramsStandForEveryCall(scrape, cache, "get", "put", "delete");
        }

        assertGets(scrape, "inventory", counts.get("ehcache.hits"), counts.get("ehcache.misses"));
        assertWrites(scrape, "inventory", counts.get("ehcache.puts"), counts.get("ehcache.delete_calls"));
        assertTrue(counts.get("ehcache.evictions") > 0, "the workload overfills the Ehcache cache");
        assertEquals(counts.get("ehcache.evictions"), scrape.count("cache_evictions_total", "cache", "inventory"));

        assertGets(scrape, "orders", counts.get("jcache.hits"), counts.get("jcache.misses"));
        assertWrites(scrape, "orders", counts.get("jcache.puts"), counts.get("jcache.app_deletes"));
        assertEquals(counts.get("jcache.removals"), scrape.count("cache_removals_total", "cache", "orders"), "JCache's own CacheRemovals");
        assertEquals(counts.get("jcache.app_removals"), counts.get("jcache.removals"));
        assertFalse(scrape.text.contains("cache_removals_total{cache=\"inventory\"}"), "Ehcache does not say what remove removed");
        assertEquals(counts.get("jcache.evictions"), Math.round(scrape.sum("cache_evictions_total", "cache", "orders")));
        assertTrue(!scrape.text.contains("cache=\"orders#2\"") && !scrape.text.contains("cache=\"inventory#2\""),
                "a JCache call over Ehcache is counted once, under one name:\n" + scrape.text);
    }

    @Test
    void withoutRecordStatsTheAgentStillCountsAndTheLibrarysStatisticsStayEmpty() throws Exception {
        try (DemoProcess demo = DemoProcess.startMain(classpath("current"), MAIN, "-Ddemo.recordStats=false")) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            assertEquals(0, counts.get("caffeine.hits") + counts.get("caffeine.misses") + counts.get("guava.hits")
                    + counts.get("guava.misses"), "stats() of a cache built without recordStats() stays empty");
            String caffeine = "LibraryCacheDemo#caffeineUsers";
            assertEquals(counts.get("caffeine.app_hits"), scrape.count("cache_gets_total", "cache", caffeine, "result", "hit"));
            assertEquals(counts.get("caffeine.app_misses"), scrape.count("cache_gets_total", "cache", caffeine, "result", "miss"));
            // Guava counts a wait for another thread's load as a miss, where the app saw no load of its own:
            // only the total is the app's.
            String guava = "LibraryCacheDemo#guavaSessions";
            assertEquals(counts.get("guava.app_hits") + counts.get("guava.app_misses"), scrape.count("cache_gets_total", "cache", guava));
        }
    }

    @Test
    void cachesAreNamedByTheLibraryOrWhereTheyWereBuiltAndLoggedOnce() throws Exception {
        try (DemoProcess demo = DemoProcess.startMain(classpath("current"), MAIN,
                "-Dbytemeter.cache.names=LibraryCacheDemo#guavaRates=rates")) {
            demo.counts();
            Scrape scrape = demo.scrape();
            for (String name : new String[] {"LibraryCacheDemo#caffeineUsers", "LibraryCacheDemo#caffeinePrices",
                    "LibraryCacheDemo#guavaSessions", "rates", "inventory", "orders"}) {
                assertTrue(scrape.text.contains("cache_gets_total{cache=\"" + name + "\""), name + " in:\n" + scrape.text);
            }
            assertTrue(demo.hasLine("[bytemeter] INFO instrumentation caffeine: instrumenting com.github.benmanes.caffeine.cache.BoundedLocalCache"),
                    demo.output());
            assertEquals(1, demo.output().lines()
                    .filter(l -> l.endsWith("instrumenting com.google.common.cache.LocalCache")).count(), demo.output());
        }
    }

    @Test
    void aCacheTheAppDropsIsCollectedAndItsSeriesStop() throws Exception {
        try (DemoProcess app = DemoProcess.startFixture(io.bytemeter.smoke.fixtures.DroppedCacheApp.class)) {
            assertEquals(100, app.counts().get("gets"));
            Scrape before = app.scrape();
            assertEquals(100, before.count("cache_gets_total", "cache", "DroppedCacheApp#scratchCache"));
            app.send("drop");
            app.awaitLine(java.util.regex.Pattern.compile("^collected$"));
            Scrape after = app.scrape();
            assertTrue(!after.text.contains("DroppedCacheApp#scratchCache"), after.text);
            assertEquals(50, after.count("cache_gets_total", "cache", "DroppedCacheApp#keptCache"));
        }
    }

    @Test
    void aCaffeineVersionTheAgentDoesNotKnowIsSkippedWithOneLogLineAndWorks() throws Exception {
        Path fixtures = Paths.get(io.bytemeter.smoke.fixtures.SmallCaffeineApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (DemoProcess app = DemoProcess.startMain(List.of(fixtures, MATRIX.resolve("caffeine-2.0.0.jar")),
                io.bytemeter.smoke.fixtures.SmallCaffeineApp.class.getName())) {
            assertEquals(150, app.counts().get("hits"), "Caffeine 2.0.0 works as without the agent");
            app.awaitLine(java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(
                    "[bytemeter] WARN instrumentation caffeine: skipped com.github.benmanes.caffeine.cache.BoundedLocalCache,"
                    + " a version the agent does not know (it has no computeIfAbsent(Object, Function, boolean, boolean))")));
            assertEquals(1, app.output().lines().filter(l -> l.contains("instrumentation caffeine: skipped")).count(), app.output());
            assertTrue(!app.scrape().text.contains("cache_gets_total"), "nothing half-counted");
        }
    }

    @Test
    void cachesPastTheSeriesCapShareOneOverflowSeriesAndAreCounted() throws Exception {
        try (DemoProcess app = DemoProcess.startFixture(io.bytemeter.smoke.fixtures.ManyCachesApp.class, "-Dbytemeter.series.max=5")) {
            assertEquals(20, app.counts().get("gets"));
            Scrape scrape = app.scrape();
            long names = scrape.samples.stream().filter(s -> s.name().equals("cache_gets_total"))
                    .map(s -> s.labels().get("cache")).distinct().count();
            assertEquals(6, names, "five caches and _overflow:\n" + scrape.text);
            assertEquals(20, scrape.count("cache_gets_total"));
            assertEquals(15, scrape.count("cache_gets_total", "cache", "_overflow"));
            assertEquals(15, scrape.count("bytemeter_series_dropped_total", "instrumentation", "cache.gets"));
        }
    }
}
