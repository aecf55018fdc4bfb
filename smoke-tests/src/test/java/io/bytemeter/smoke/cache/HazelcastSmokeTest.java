package io.bytemeter.smoke.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.Scrape;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hazelcast's {@code IMap} on a two-member cluster the demo starts on loopback, through a member
 * ({@code sessions}) and through a client ({@code orders}): the agent's counts equal the app's, and
 * the members' own {@code LocalMapStats} where they count the same thing, under 5.7 and 5.3.
 */
class HazelcastSmokeTest extends AbstractCacheSmokeTest {

    private static final Path MATRIX = Paths.get(System.getProperty("matrix.dir"));

    @ParameterizedTest
    @ValueSource(strings = {"5.7.0", "5.3.8"})
    void memberAndClientMapsCountAsTheMembersDo(String version) throws Exception {
        List<Path> replacements = version.equals("5.3.8") ? List.of(MATRIX.resolve("hazelcast/hazelcast-5.3.8.jar")) : List.of();
        try (DemoProcess demo = DemoProcess.startMain(DemoProcess.libraryDemoClasspath("hazelcast-demo", replacements,
                replacements.isEmpty() ? new String[0] : new String[] {"hazelcast-"}), "demo.hazelcast.HazelcastDemo")) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            for (String map : List.of("sessions", "orders")) {
                assertGets(scrape, map, counts.get(map + ".hits"), counts.get(map + ".misses"));
                assertWrites(scrape, map, counts.get(map + ".puts"), counts.get(map + ".deletes"));
                assertEquals(counts.get(map + ".removed"), scrape.count("cache_removals_total", "cache", map), map);
                assertHistogramsCountEveryCall(scrape, map, "get", "put", "delete");
                // the members' own counts: every key of every get; every put, set and putIfAbsent call, whether or not
                // it put (the agent counts a putIfAbsent that found a value as no put); every remove and delete (not evict)
                assertEquals(counts.get(map + ".stats.gets"), scrape.count("cache_gets_total", "cache", map), map + " gets");
                assertEquals(counts.get(map + ".stats.puts") + counts.get(map + ".stats.sets"),
                        scrape.count("cache_puts_total", "cache", map) + counts.get(map + ".putIfAbsentCalls")
                                - counts.get(map + ".putIfAbsentPuts"), map + " puts");
                assertEquals(counts.get(map + ".stats.removes"),
                        scrape.count("cache_deletes_total", "cache", map) - counts.get(map + ".evicts"), map + " removes");
            }
            assertFalse(scrape.text.contains("item:"), "no key in any label");
            assertFalse(scrape.text.contains("bytemeter_recorder_errors_total{"), "no recorder failed");
        }
    }
}
