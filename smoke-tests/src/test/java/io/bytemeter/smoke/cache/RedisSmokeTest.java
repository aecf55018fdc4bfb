package io.bytemeter.smoke.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.RedisServer;
import io.bytemeter.smoke.Scrape;
import io.bytemeter.smoke.fixtures.VanishingLettuceApp;
import io.bytemeter.smoke.fixtures.VanishingRedisApp;
import io.bytemeter.smoke.fixtures.VanishingRedissonApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redis and Spring's cache abstraction against a real {@code redis-server}: the agent's counts per
 * cache equal Caffeine's statistics, the server's own {@code INFO stats} and the app's counts, under
 * the names the app gave its caches, with nothing but {@code -javaagent}.
 */
class RedisSmokeTest extends AbstractCacheSmokeTest {

    private static final Path MATRIX = Paths.get(System.getProperty("matrix.dir"));

    @TempDir
    Path dir;

    /**
     * Spring Boot with {@code @Cacheable} over Caffeine ({@code users}, {@code products}) and Redis
     * ({@code orders}): Boot 3.5 (Spring 6.2, Lettuce 6.6), the demo's own, and Boot 4.0 (Spring 7, Lettuce 6.8).
     */
    @ParameterizedTest
    @ValueSource(strings = {"spring boot 3.5.7", "spring boot 4.0.7"})
    void springCachesCountOnceUnderTheirSpringNames(String version) throws Exception {
        List<Path> classpath = DemoProcess.libraryDemoClasspath("redis-demo", List.of());
        if (version.equals("spring boot 4.0.7")) {
            classpath = new ArrayList<>(List.of(classpath.get(0)));
            try (Stream<Path> jars = Files.list(MATRIX.resolve("spring-boot-4"))) {
                jars.sorted().forEach(classpath::add);
            }
        }
        try (RedisServer redis = RedisServer.start(dir);
                DemoProcess demo = DemoProcess.startMain(classpath, "demo.redis.SpringCacheDemo", "-Ddemo.redis.port=" + redis.port)) {
            Map<String, Long> counts = demo.counts();
            Map<String, Long> server = redis.stats();
            Scrape scrape = demo.scrape();

            for (String name : List.of("users", "products")) {
                assertGets(scrape, name, counts.get(name + ".stats.hits"), counts.get(name + ".stats.misses"));
            }
            assertEquals(counts.get("users.calls"), scrape.count("cache_gets_total", "cache", "users"));
            // Caffeine's evictions and size reach the Spring cache's series
            assertEquals(counts.get("users.stats.evictions"), scrape.count("cache_evictions_total", "cache", "users", "cause", "size"));
            assertTrue(counts.get("users.stats.evictions") > 0, "the demo's users cache is small enough to evict");
            assertEquals(300, scrape.count("cache_size", "cache", "users"));
            assertWrites(scrape, "users", counts.get("users.loads") + counts.get("users.puts"), counts.get("users.evicts"));
            // get(key, loader): a miss is a load, counted by Spring's layer
            assertEquals(counts.get("products.loads"), scrape.count("cache_gets_total", "cache", "products", "result", "miss"));
            assertEquals(counts.get("products.loads"), scrape.count("cache_loads_total", "cache", "products", "result", "success"));
            assertEquals(counts.get("products.calls"), scrape.count("cache_gets_total", "cache", "products"));

            // the Redis-backed Spring cache against the server's own count
            assertGets(scrape, "orders", server.get("keyspace_hits"), server.get("keyspace_misses"));
            assertEquals(counts.get("orders.server.hits"), server.get("keyspace_hits"), "the demo read the same server");
            assertEquals(counts.get("orders.calls"), scrape.count("cache_gets_total", "cache", "orders"));
            assertWrites(scrape, "orders", counts.get("orders.loads"), counts.get("orders.evicts"));
            // counted once: the Lettuce commands under Spring's RedisCache are not counted again for the server
            String connection = "redis://127.0.0.1:" + redis.port + "/0";
            assertEquals(0, scrape.count("cache_gets_total", "cache", connection));
            assertEquals(0, scrape.count("cache_puts_total", "cache", connection));
            assertTrue(scrape.count("cache_operation_duration_seconds_count", "cache", "orders", "operation", "get") > 0);

            assertEquals(Set.of("users", "products", "orders", connection), cacheNames(scrape), scrape.text);
        }
    }

    /**
     * Jedis (a pool, database 0) and Lettuce (one shared connection, database 1), directly, from
     * several threads: per server series equal to the app's counts, and together to the server's.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jedis 8, lettuce 6", "jedis 5, lettuce 7"})
    void jedisAndLettuceEqualTheServersCounts(String versions) throws Exception {
        String[] replaced = versions.equals("jedis 5, lettuce 7") ? new String[] {"jedis-", "lettuce-core-", "netty-"} : new String[0];
        try (RedisServer redis = RedisServer.start(dir);
                DemoProcess demo = DemoProcess.startMain(redisDemoClasspath(replaced), "demo.redis.RedisClientsDemo",
                        "-Ddemo.redis.port=" + redis.port)) {
            Map<String, Long> counts = demo.counts();
            Map<String, Long> server = redis.stats();
            Scrape scrape = demo.scrape();
            long hits = 0;
            long misses = 0;
            for (String client : List.of("jedis", "lettuce")) {
                String cache = "redis://127.0.0.1:" + redis.port + (client.equals("jedis") ? "/0" : "/1");
                assertGets(scrape, cache, counts.get(client + ".hits"), counts.get(client + ".misses"));
                assertWrites(scrape, cache, counts.get(client + ".puts"), counts.get(client + ".deletes"));
                assertEquals(counts.get(client + ".removed"), scrape.count("cache_removals_total", "cache", cache), client);
                assertEquals(counts.get(client + ".other"),
                        scrape.count("cache_command_duration_seconds_count", "cache", cache, "command", "INCR"), client);
                // a network round trip: no Redis get takes under 10 µs, the first bucket
                assertTrue(scrape.count("cache_operation_duration_seconds_bucket", "cache", cache, "operation", "get", "le", "1.0E-5")
                        < scrape.count("cache_operation_duration_seconds_count", "cache", cache, "operation", "get"), client);
                hits += scrape.count("cache_gets_total", "cache", cache, "result", "hit");
                misses += scrape.count("cache_gets_total", "cache", cache, "result", "miss");
            }
            assertEquals(server.get("keyspace_hits"), hits, "hits against Redis's INFO stats");
            assertEquals(server.get("keyspace_misses"), misses, "misses against Redis's INFO stats");
            assertFalse(scrape.text.contains("item:"), "no key in any label");
            assertFalse(scrape.text.contains("bytemeter_recorder_errors_total{"), "no recorder failed");
        }
    }

    /**
     * Lettuce's asynchronous and reactive commands, 10^5 from 4 threads that never wait for one,
     * under Lettuce 6 and 7: counted when they complete, equal to the app's callbacks and to the
     * server's own {@code INFO commandstats}; the error replies and the cancelled commands as such.
     */
    @ParameterizedTest
    @ValueSource(strings = {"lettuce 6", "lettuce 7"})
    void lettuceAsyncAndReactiveCommandsEqualTheServersCommandStats(String version) throws Exception {
        String[] replaced = version.equals("lettuce 7") ? new String[] {"lettuce-core-", "netty-"} : new String[0];
        try (RedisServer redis = RedisServer.start(dir);
                DemoProcess demo = DemoProcess.startMain(redisDemoClasspath(replaced), "demo.redis.LettuceAsyncDemo",
                        "-Ddemo.redis.port=" + redis.port)) {
            Map<String, Long> counts = demo.counts();
            Map<String, Long> server = redis.commandStats();
            Scrape scrape = demo.scrape();
            String cache = "redis://127.0.0.1:" + redis.port + "/2";
            assertEquals(100_000, counts.get("done"), "every command completed");
            assertTrue(counts.get("reactive") > 15_000, "a fifth of them reactive: " + counts.get("reactive"));

            assertGets(scrape, cache, counts.get("hits"), counts.get("misses"));
            assertWrites(scrape, cache, counts.get("puts") + 1, counts.get("deletes")); // and the SET of "text" before the workload
            assertEquals(counts.get("incrs"), scrape.count("cache_command_duration_seconds_count", "cache", cache, "command", "INCR"));
            assertEquals(counts.get("failed"), scrape.count("cache_errors_total", "cache", cache, "operation", "INCR",
                    "error_type", "RedisCommandExecutionException"), "error replies");
            assertEquals(10, counts.get("cancelled"));
            assertEquals(counts.get("cancelled"), scrape.count("cache_errors_total", "cache", cache, "operation", "BLPOP",
                    "error_type", "CancellationException"), "cancelled commands");
            assertHistogramsCountEveryCall(scrape, cache, "get", "put", "delete");

            // the server's own counts: every command it ran, each once
            assertTrue(server.get("mget.calls") > 1_000, "reactive MGETs of 3 keys: " + server.get("mget.calls"));
            assertEquals(server.get("get.calls") + 3 * server.get("mget.calls"), scrape.count("cache_gets_total", "cache", cache),
                    "cmdstat_get, and cmdstat_mget per key");
            assertEquals(server.get("set.calls"), scrape.count("cache_puts_total", "cache", cache), "cmdstat_set");
            assertEquals(server.get("del.calls"), scrape.count("cache_deletes_total", "cache", cache), "cmdstat_del");
            assertEquals(server.get("incr.failed_calls"), counts.get("failed"), "cmdstat_incr failed_calls");
            assertEquals(server.get("incr.calls"), counts.get("incrs") + counts.get("failed"), "cmdstat_incr calls");
            assertFalse(scrape.text.contains("bytemeter_recorder_errors_total{"), "no recorder failed");
        }
    }

    /**
     * Redis streams used as queues through Jedis 8 and 5 and Lettuce 6 and 7: per stream, the messages sent equal the
     * stream's own length ({@code XLEN}), the entries read equal the app's count, and the entries
     * read through the consumer group less those acknowledged equal the group's pending count
     * ({@code XPENDING}); none of these commands counts as a cache's.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jedis 8", "jedis 5", "lettuce 6", "lettuce 7"})
    void streamsUsedAsQueuesEqualTheServersOwnCounts(String version) throws Exception {
        String[] replaced = version.equals("jedis 5") ? new String[] {"jedis-"}
                : version.equals("lettuce 7") ? new String[] {"lettuce-core-", "netty-"} : new String[0];
        try (RedisServer redis = RedisServer.start(dir);
                DemoProcess demo = DemoProcess.startMain(redisDemoClasspath(replaced), "demo.redis.RedisStreamsDemo",
                        "-Ddemo.redis.port=" + redis.port, "-Ddemo.client=" + version.split(" ")[0])) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            for (String stream : List.of("orders", "payments")) {
                long sent = scrape.count("messaging_client_sent_messages_total", "messaging_system", "redis", "messaging_destination_name", stream);
                assertEquals(counts.get("sent." + stream), sent, stream + " sent");
                assertEquals(Long.parseLong(redis.command("XLEN " + stream)), sent, stream + ": XLEN");
                assertEquals(counts.get("received." + stream), scrape.count("messaging_client_consumed_messages_total", "messaging_system",
                        "redis", "messaging_destination_name", stream), stream + " received");
                assertEquals(counts.get("received." + stream), scrape.count("messaging_record_age_seconds_count", "messaging_system", "redis",
                        "messaging_destination_name", stream), stream + ": every entry's age");
            }
            long acked = scrape.count("messaging_client_settlements_total", "messaging_system", "redis", "messaging_operation_name", "ack");
            assertEquals(counts.get("acked"), acked);
            assertEquals(redis.firstInteger("XPENDING orders billing"), counts.get("received.orders") - acked, "XPENDING");
            assertFalse(scrape.text.contains("command=\"XADD\"") || scrape.text.contains("command=\"XREADGROUP\""),
                    "stream commands are not a cache's");
            assertFalse(scrape.text.contains("bytemeter_recorder_errors_total{"), "no recorder failed");
        }
    }

    /**
     * Redisson's maps and buckets, under 3.52 and 3.27, from 4 threads that take their objects
     * from the client on every use: per name, gets, hits, misses, puts, deletes and removals equal
     * the app's own counts, a local cache's hits among them; a bucket per key counts under its
     * name's first part, so that no key reaches a label; a cache of Redisson's Spring cache manager
     * counts once, as Spring's. Before them, 2 threads make their calls through the asynchronous
     * API ({@code carts}, {@code quotes}, {@code offer:*}, and the products' local cache), none
     * waited for one by one: those count as the app's futures completed, each timed, under 3.52's
     * script cache too (a map cache's first scripts are unknown to the fresh server: loaded and run
     * again). The buckets' counts, sync and async, also equal the server's own.
     */
    @ParameterizedTest
    @ValueSource(strings = {"redisson 3.52", "redisson 3.27"})
    void redissonMapsAndBucketsCountAsTheAppDoes(String version) throws Exception {
        String[] replaced = version.equals("redisson 3.27") ? new String[] {"redisson-"} : new String[0];
        try (RedisServer redis = RedisServer.start(dir);
                DemoProcess demo = DemoProcess.startMain(redisDemoClasspath(replaced), "demo.redis.RedissonDemo",
                        "-Ddemo.redis.port=" + redis.port)) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            // catalog: Redisson's Spring cache manager, counted once by Spring's layer, not again by the Redisson map under it
            assertNull(counts.get("async.errors"), "no asynchronous call failed");
            for (String name : List.of("users", "sessions", "products", "token:*", "catalog", "carts", "quotes", "offer:*")) {
                assertGets(scrape, name, counts.get(name + ".hits"), counts.get(name + ".misses"));
                assertWrites(scrape, name, counts.get(name + ".puts"), counts.get(name + ".deletes"));
                // (Spring's evict does not say whether it removed anything: no removals for catalog)
                assertEquals((long) counts.get(name + ".removed"), Math.round(scrape.sum("cache_removals_total", "cache", name)), name + " removed");
                if (!name.equals("catalog")) { // Spring's layer, in-process, times one call in several by default
                    assertHistogramsCountEveryCall(scrape, name, "get", "put");
                }
            }
            assertFalse(scrape.text.contains("token:1"), "no key in any label");
            assertFalse(scrape.text.contains("bytemeter_recorder_errors_total{"), "no recorder failed");
            assertServerCountsBucketsAsTheAgent(redis.commandStats(), scrape);
        }
    }

    /**
     * The server's own counts, where one call of the app is one command: a bucket's get, set and
     * delete are {@code GET}, {@code SET} and {@code DEL}, and only buckets send those. (A map's calls
     * are partly Lua scripts, whose inner commands the server counts too, so maps are checked
     * against the app's counts above.)
     */
    private static void assertServerCountsBucketsAsTheAgent(Map<String, Long> server, Scrape scrape) {
        List<String> buckets = List.of("token:*", "offer:*");
        assertEquals(server.get("get.calls"), buckets.stream().mapToLong(b -> scrape.count("cache_gets_total", "cache", b)).sum(),
                "cmdstat_get: " + server);
        assertEquals(server.get("set.calls"), buckets.stream().mapToLong(b -> scrape.count("cache_puts_total", "cache", b)).sum(),
                "cmdstat_set: " + server);
        assertEquals(server.get("del.calls"), buckets.stream().mapToLong(b -> scrape.count("cache_deletes_total", "cache", b)).sum(),
                "cmdstat_del: " + server);
    }

    /** A server that goes away: each failed command is an error by type, and the app sees what it would without the agent. */
    @Test
    void aServerThatGoesAwayCountsErrorsWhileTheAppCarriesOn() throws Exception {
        assertErrorsWhenTheServerGoesAway(VanishingRedisApp.class, "vanishing-redis caught: redis.clients.jedis.exceptions.JedisConnectionException",
                "JedisConnectionException");
    }

    /**
     * The same under Lettuce's asynchronous commands: those made while the server is gone are held
     * while Lettuce reconnects, then time out; each counts as an error by the type the app's future
     * failed with.
     */
    @Test
    void aServerThatGoesAwayUnderLettuceCountsTheErrorsTheFuturesFailWith() throws Exception {
        assertErrorsWhenTheServerGoesAway(VanishingLettuceApp.class, "vanishing-lettuce caught: RedisCommandTimeoutException",
                "RedisCommandTimeoutException");
    }

    /**
     * The same under Redisson: 30 asynchronous gets in flight and 10 sync ones after the server
     * went, each failed as the app saw it, counted as an error of its map by the type the app caught;
     * the app carries on.
     */
    @Test
    void aServerThatGoesAwayUnderRedissonCountsTheErrorsTheAppCaught() throws Exception {
        RedisServer redis = RedisServer.start(dir);
        try (DemoProcess app = DemoProcess.startFixture(VanishingRedissonApp.class, "-Dredis.port=" + redis.port)) {
            app.awaitLine(Pattern.compile("first gets done"));
            redis.close();
            app.send("go");
            Map<String, Long> counts = app.counts();
            assertEquals(30, counts.get("asyncFailed"), "every asynchronous get after the server went failed: " + app.output());
            assertEquals(10, counts.get("failed"), "every get after the server went failed: " + app.output());
            Matcher caught = Pattern.compile("vanishing-redisson caught: (.*)").matcher(app.output());
            assertTrue(caught.find(), app.output());
            Scrape scrape = app.scrape();
            assertEquals(20, scrape.count("cache_gets_total", "cache", "sessions", "result", "miss"), scrape.text);
            for (String failure : caught.group(1).trim().split(",")) {
                String[] operationAndType = failure.split(" ");
                assertTrue(scrape.count("cache_errors_total", "cache", "sessions", "operation", operationAndType[0],
                        "error_type", operationAndType[1]) > 0, failure + " counted: " + scrape.text);
            }
            assertEquals(30, scrape.count("cache_errors_total", "cache", "sessions", "operation", "getAsync"), scrape.text);
            assertEquals(10, scrape.count("cache_errors_total", "cache", "sessions", "operation", "get"), scrape.text);
            assertTrue(app.isAlive());
        } finally {
            redis.close();
        }
    }

    /** 20 gets that miss, the server stopped, 30 gets that fail: the app's failures and the agent's errors agree. */
    private void assertErrorsWhenTheServerGoesAway(Class<?> fixture, String caught, String errorType) throws Exception {
        RedisServer redis = RedisServer.start(dir);
        try (DemoProcess app = DemoProcess.startFixture(fixture, "-Dredis.port=" + redis.port)) {
            app.awaitLine(Pattern.compile("first gets done"));
            redis.close();
            app.send("go");
            Map<String, Long> counts = app.counts();
            assertEquals(30, counts.get("failed"), "every get after the server went failed, as without the agent: " + app.output());
            assertTrue(app.hasLine(caught), app.output());
            Scrape scrape = app.scrape();
            String cache = "redis://127.0.0.1:" + redis.port + "/0";
            assertEquals(20, scrape.count("cache_gets_total", "cache", cache, "result", "miss"), scrape.text);
            assertEquals(30, scrape.count("cache_errors_total", "cache", cache, "operation", "GET", "error_type", errorType), scrape.text);
            assertTrue(app.isAlive());
        } finally {
            redis.close();
        }
    }

    /** Names come from the app (Spring's cache names, the Redis server), the same on every start. */
    @Test
    void namesHoldAcrossRestarts() throws Exception {
        try (RedisServer redis = RedisServer.start(dir)) {
            Set<String> first = null;
            for (int run = 0; run < 3; run++) {
                try (DemoProcess demo = DemoProcess.startMain(DemoProcess.libraryDemoClasspath("redis-demo", List.of()),
                        "demo.redis.SpringCacheDemo", "-Ddemo.redis.port=" + redis.port, "-Ddemo.operations=300")) {
                    demo.counts();
                    Set<String> names = cacheNames(demo.scrape());
                    if (first == null) {
                        first = names;
                    }
                    assertEquals(first, names, "run " + run);
                }
            }
            assertEquals(Set.of("users", "products", "orders", "redis://127.0.0.1:" + redis.port + "/0"), first);
        }
    }

    /**
     * The redis-demo's classpath, with the version matrix's Jedis 5, Lettuce 7 and Netty 4.2 in place
     * of the demo's jars whose names start with one of {@code replaced} (none: the demo as built).
     */
    private static List<Path> redisDemoClasspath(String... replaced) throws IOException {
        List<Path> replacements = new ArrayList<>();
        try (Stream<Path> jars = Files.list(MATRIX.resolve("redis-clients"))) {
            jars.filter(jar -> Arrays.stream(replaced).anyMatch(prefix -> jar.getFileName().toString().startsWith(prefix)))
                    .sorted().forEach(replacements::add);
        }
        return DemoProcess.libraryDemoClasspath("redis-demo", replacements, replaced);
    }

    private static Set<String> cacheNames(Scrape scrape) {
        Set<String> names = new TreeSet<>();
        for (Scrape.Sample s : scrape.samples) {
            if (s.name().startsWith("cache_") && s.labels().containsKey("cache")) {
                names.add(s.labels().get("cache"));
            }
        }
        return names;
    }
}
