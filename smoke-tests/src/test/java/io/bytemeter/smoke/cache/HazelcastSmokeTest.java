package io.bytemeter.smoke.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.Scrape;
import io.bytemeter.smoke.fixtures.VanishingHazelcastApp;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hazelcast's {@code IMap} on a two-member cluster the demo starts on loopback, through a member
 * ({@code sessions}, in the members' JVM) and through a client in a JVM of its own ({@code orders}):
 * each JVM's counts equal its app's, and the members' own {@code LocalMapStats} where they count
 * the same thing, under 5.7 and 5.3.
 */
class HazelcastSmokeTest extends AbstractCacheSmokeTest {

    private static final Path MATRIX = Paths.get(System.getProperty("matrix.dir"));
    private static final String MAIN = "demo.hazelcast.HazelcastDemo";

    @ParameterizedTest
    @ValueSource(strings = {"5.7.0", "5.3.8"})
    void memberAndClientMapsCountAsTheMembersDo(String version) throws Exception {
        List<Path> replacements = version.equals("5.3.8") ? List.of(MATRIX.resolve("hazelcast/hazelcast-5.3.8.jar")) : List.of();
        List<Path> classpath = DemoProcess.libraryDemoClasspath("hazelcast-demo", replacements,
                replacements.isEmpty() ? new String[0] : new String[] {"hazelcast-"});
        try (DemoProcess members = DemoProcess.startMain(classpath, MAIN, "-Ddemo.external.client=true")) {
            Matcher up = members.awaitLine(Pattern.compile("-Ddemo.cluster=(\\S+) -Ddemo.members=(\\S+)"));
            try (DemoProcess client = DemoProcess.startMain(classpath, MAIN, "-Ddemo.cluster=" + up.group(1),
                    "-Ddemo.members=" + up.group(2))) {
                Map<String, Long> clientCounts = client.counts();
                Scrape clientScrape = client.scrape();
                members.awaitLine(Pattern.compile("waiting for the client"));
                members.send("go");
                Map<String, Long> counts = members.counts();
                Scrape scrape = members.scrape();
                check("sessions", counts, scrape, counts);
                check("orders", clientCounts, clientScrape, counts);
                assertFalse(scrape.text.contains("cache=\"orders\""), "the client's map counts in the client's JVM");
                // through the client's near cache: every get once, whether the near cache or a member answered it;
                // the near cache's own hits and misses count the same gets, and each of its misses is a member's get
                assertGets(clientScrape, "catalog", clientCounts.get("catalog.hits"), clientCounts.get("catalog.misses"));
                long nearCacheHits = clientCounts.get("catalog.nearcache.hits");
                long nearCacheMisses = clientCounts.get("catalog.nearcache.misses");
                assertTrue(nearCacheHits > 0, "the near cache answered some gets");
                assertEquals(nearCacheHits + nearCacheMisses, clientScrape.count("cache_gets_total", "cache", "catalog"), "near cache lookups");
                assertEquals(counts.get("catalog.stats.gets"), nearCacheMisses, "the members' gets of catalog are the near cache's misses");
                assertHistogramsCountEveryCall(clientScrape, "catalog", "get");
            }
        }
    }

    /** One JVM's map against its app's counts ({@code app}) and the members' ({@code members}). */
    /**
     * The cluster goes away under a client: 20 gets that miss, the member shut down, 30 gets that
     * fail while the client is cut off; the app's failures and the agent's errors agree, by the type
     * the app caught, and the app carries on.
     */
    @Test
    void aClusterThatGoesAwayCountsTheErrorsTheClientCaught() throws Exception {
        try (DemoProcess app = DemoProcess.startFixture(VanishingHazelcastApp.class)) {
            app.awaitLine(Pattern.compile("first gets done"));
            app.send("go");
            Map<String, Long> counts = app.counts();
            assertEquals(30, counts.get("failed"), "every get while the client was cut off failed: " + app.output());
            Matcher caught = Pattern.compile("vanishing-hazelcast caught: (\\w+)$", Pattern.MULTILINE).matcher(app.output());
            assertTrue(caught.find(), "one type of failure: " + app.output());
            Scrape scrape = app.scrape();
            assertEquals(20, scrape.count("cache_gets_total", "cache", "orders", "result", "miss"), scrape.text);
            assertEquals(30, scrape.count("cache_errors_total", "cache", "orders", "operation", "get", "error_type", caught.group(1)),
                    scrape.text);
            assertTrue(app.isAlive());
        }
    }

    private static void check(String map, Map<String, Long> app, Scrape scrape, Map<String, Long> members) {
        assertGets(scrape, map, app.get(map + ".hits"), app.get(map + ".misses"));
        assertWrites(scrape, map, app.get(map + ".puts"), app.get(map + ".deletes"));
        assertEquals(app.get(map + ".removed"), scrape.count("cache_removals_total", "cache", map), map);
        assertHistogramsCountEveryCall(scrape, map, "get", "put", "delete");
        // the members' own counts: every key of every get; every put, set and putIfAbsent call, whether or not
        // it put (the agent counts a putIfAbsent that found a value as no put); every remove and delete (not evict)
        assertEquals(members.get(map + ".stats.gets"), scrape.count("cache_gets_total", "cache", map), map + " gets");
        assertEquals(members.get(map + ".stats.puts") + members.get(map + ".stats.sets"),
                scrape.count("cache_puts_total", "cache", map) + app.get(map + ".putIfAbsentCalls") - app.get(map + ".putIfAbsentPuts"),
                map + " puts");
        assertEquals(members.get(map + ".stats.removes"), scrape.count("cache_deletes_total", "cache", map) - app.get(map + ".evicts"),
                map + " removes");
        assertFalse(scrape.text.contains("item:"), "no key in any label");
        assertFalse(scrape.text.contains("bytemeter_recorder_errors_total{"), "no recorder failed");
    }
}
