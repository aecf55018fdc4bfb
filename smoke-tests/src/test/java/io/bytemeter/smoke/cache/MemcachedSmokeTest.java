package io.bytemeter.smoke.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.MemcachedServer;
import io.bytemeter.smoke.Scrape;
import io.bytemeter.smoke.fixtures.VanishingMemcachedApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * spymemcached and xmemcached against a real {@code memcached}: per client, the agent's counts equal
 * the app's and the server's own {@code stats}, under each library's current and older line, with
 * nothing but {@code -javaagent}.
 */
class MemcachedSmokeTest extends AbstractCacheSmokeTest {

    private static final Path MATRIX = Paths.get(System.getProperty("matrix.dir"));

    @TempDir
    Path dir;

    /**
     * Four threads on one client: gets of one key and of three, {@code gets} and {@code cas}, sets
     * (spymemcached's fired without waiting), adds, replaces, deletes and incrs.
     */
    @ParameterizedTest
    @ValueSource(strings = {"spymemcached 2.12.3", "spymemcached 2.11.7", "xmemcached 2.4.8", "xmemcached 2.3.2"})
    void eachCallCountsAsTheServerCountsIt(String version) throws Exception {
        String client = version.split(" ")[0];
        List<Path> replacements = new ArrayList<>();
        if (version.endsWith("2.11.7") || version.endsWith("2.3.2")) {
            try (Stream<Path> jars = Files.list(MATRIX.resolve("memcached-clients"))) {
                jars.filter(jar -> jar.getFileName().toString().startsWith(client)).forEach(replacements::add);
            }
        }
        try (MemcachedServer memcached = MemcachedServer.start(dir);
                DemoProcess demo = DemoProcess.startMain(DemoProcess.libraryDemoClasspath("memcached-demo", replacements,
                        replacements.isEmpty() ? new String[0] : new String[] {client + "-"}),
                        "demo.memcached.MemcachedClientsDemo", "-Ddemo.memcached.port=" + memcached.port, "-Ddemo.clients=" + client)) {
            Map<String, Long> counts = demo.counts();
            Map<String, Long> server = memcached.stats();
            Scrape scrape = demo.scrape();
            String cache = "memcached://127.0.0.1:" + memcached.port;

            assertGets(scrape, cache, counts.get(client + ".hits"), counts.get(client + ".misses"));
            assertWrites(scrape, cache, counts.get(client + ".puts"), counts.get(client + ".deletes"));
            assertEquals(counts.get(client + ".removed"), scrape.count("cache_removals_total", "cache", cache));
            assertEquals(counts.get(client + ".other"),
                    scrape.count("cache_command_duration_seconds_count", "cache", cache, "command", "incr"));
            assertHistogramsCountEveryCall(scrape, cache, "get", "put", "delete");
            // a network round trip: no memcached get takes under 10 µs, the first bucket
            assertTrue(scrape.count("cache_operation_duration_seconds_bucket", "cache", cache, "operation", "get", "le", "1.0E-5")
                    < scrape.count("cache_operation_duration_seconds_count", "cache", cache, "operation", "get"));

            // the server's own counts
            assertEquals(server.get("cmd_set"), scrape.count("cache_puts_total", "cache", cache), "cmd_set");
            assertEquals(server.get("delete_hits") + server.get("delete_misses"), scrape.count("cache_deletes_total", "cache", cache));
            assertEquals(server.get("delete_hits"), scrape.count("cache_removals_total", "cache", cache), "delete_hits");
            if (client.equals("spymemcached")) {
                assertEquals(server.get("get_hits"), scrape.count("cache_gets_total", "cache", cache, "result", "hit"), "get_hits");
                assertEquals(server.get("get_misses"), scrape.count("cache_gets_total", "cache", cache, "result", "miss"), "get_misses");
            } else {
                // xmemcached merges concurrent gets of one key into one request, which the server counts once
                assertTrue(server.get("get_hits") <= scrape.count("cache_gets_total", "cache", cache, "result", "hit"), "get_hits");
                assertTrue(server.get("get_hits") + server.get("get_misses") <= scrape.count("cache_gets_total", "cache", cache));
            }
            assertFalse(scrape.text.contains("item:"), "no key in any label");
            assertFalse(scrape.text.contains("bytemeter_recorder_errors_total{"), "no recorder failed");
            assertFalse(scrape.text.contains("cache_errors_total{"), "no call failed");
        }
    }

    /** A server that goes away: each failed get is an error, as many as the app caught, and the app carries on. */
    @ParameterizedTest
    @ValueSource(strings = {"spymemcached", "xmemcached"})
    void aServerThatGoesAwayCountsTheErrorsTheAppSees(String client) throws Exception {
        MemcachedServer memcached = MemcachedServer.start(dir);
        try (DemoProcess app = DemoProcess.startFixture(VanishingMemcachedApp.class, "-Dmemcached.port=" + memcached.port,
                "-Dclient=" + client)) {
            app.awaitLine(Pattern.compile("first gets done"));
            memcached.close();
            app.send("go");
            Map<String, Long> counts = app.counts();
            Scrape scrape = app.scrape();
            String cache = "memcached://127.0.0.1:" + memcached.port;
            assertEquals(20, scrape.count("cache_gets_total", "cache", cache, "result", "miss"), scrape.text);
            assertEquals(30, counts.get("failed"), "every get after the server went failed, as without the agent: " + app.output());
            assertEquals((long) counts.get("failed"), Math.round(scrape.sum("cache_errors_total", "cache", cache)), app.output() + scrape.text);
            assertTrue(app.isAlive());
        } finally {
            memcached.close();
        }
    }
}
