package io.bytemeter.smoke.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.Scrape;
import io.bytemeter.smoke.fixtures.TwoStoresApp;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cache demo under the agent, configured by role: /metrics against the demo's own counts. */
class CacheDemoSmokeTest extends AbstractCacheSmokeTest {

    private static DemoProcess demo;
    private static Map<String, Long> counts;
    private static Scrape scrape;

    @BeforeAll
    static void runDemo() throws Exception {
        demo = DemoProcess.startDemo("cache-demo");
        counts = demo.counts();
        scrape = demo.scrape();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void hitsAndMissesEqualTheDemosOwnCounts() {
        assertGets(scrape, "sessions", counts.get("hits"), counts.get("misses"));
        assertEquals(counts.get("gets"), scrape.count("cache_gets_total", "cache", "sessions"));
    }

    @Test
    void putsAndDeletesEqualTheDemosOwnCounts() {
        assertWrites(scrape, "sessions", counts.get("sets"), counts.get("deletes"));
        assertFalse(scrape.text.contains("cache_removals_total"), "a custom delete does not say what it removed");
    }

    @Test
    void healthSaysWhatTheAgentDid() throws Exception {
        for (String path : new String[] {"/health", "/-/healthy"}) {
            Scrape.Response health = Scrape.get(demo.metricsPort(), path, null);
            assertEquals(200, health.status(), path);
            assertEquals("application/json", health.contentType());
            long applied = scrape.samples.stream().filter(s -> s.name().equals("bytemeter_instrumentations")
                    && "applied".equals(s.labels().get("status"))).count();
            assertTrue(health.body().matches("\\{\"status\":\"up\",\"version\":\"[0-9][^\"]*\",\"uptimeSeconds\":\\d+,"
                    + "\"instrumentations\":\\{\"applied\":" + applied + ",\"disabled\":0,\"failed\":0,\"skipped\":\\d+,\"waiting\":\\d+},"
                    + "\"recorderErrors\":0,\"droppedRecordings\":0}\\s*"), health.body());
        }
    }

    @Test
    void histogramsStandForEveryCallByDefault() {
        // one call in 256 timed, each standing for the calls since the last: 700,000 gets, 210,000 puts and
        // 100,000 deletes from 4 threads, against the counters the tests above hold to the demo's own counts
        // (the 1% over 10^6 calls is SampledHistogramTest's; 100,000 deletes are too few for it)
        assertHistogramsStandForEveryCall(scrape, "sessions", "get", "put", "delete");
    }

    @Test
    void withEveryCallTimedEachHistogramCountsTheSameCallsAsItsCounter() throws Exception {
        try (DemoProcess timedDemo = DemoProcess.startDemo("cache-demo", "-Dbytemeter.timing.sample=1")) {
            Map<String, Long> timedCounts = timedDemo.counts();
            Scrape timedScrape = timedDemo.scrape();
            assertEquals(timedCounts.get("gets"), timedScrape.count("cache_gets_total", "cache", "sessions"));
            assertGets(timedScrape, "sessions", timedCounts.get("hits"), timedCounts.get("misses"));
            assertHistogramsCountEveryCall(timedScrape, "sessions", "get", "put", "delete");
        }
    }

    @Test
    void getLatencyQuantilesAreSubMillisecondAndOrdered() {
        double p50 = scrape.quantile(0.50, "cache_operation_duration_seconds", "operation", "get");
        double p99 = scrape.quantile(0.99, "cache_operation_duration_seconds", "operation", "get");
        double p999 = scrape.quantile(0.999, "cache_operation_duration_seconds", "operation", "get");
        assertTrue(p50 > 0 && p50 <= p99 && p99 <= p999, "p50=" + p50 + " p99=" + p99 + " p99.9=" + p999);
        assertTrue(p99 < 1e-3, "an in-memory get should take well under a millisecond at p99, was " + p99 + " s");
    }

    @Test
    void serviceNameComesFromTheJar() {
        assertTrue(scrape.text.contains("service_name=\"cache-demo\""), scrape.text);
    }

    @Test
    void logsOneLinePerInstrumentationAndPerInstrumentedMethod() {
        assertTrue(demo.hasLine("[bytemeter] INFO instrumentation cache-roles: applied"), demo.output());
        assertTrue(demo.hasLine("[bytemeter] INFO instrumentation id-roles: skipped"), demo.output());
        assertTrue(demo.hasLine("instrumented demo.cache.LruCache#get as cache.get (sessions)"), demo.output());
        assertEquals(1, scrape.count("bytemeter_instrumentations", "instrumentation", "cache-roles", "status", "applied"));
    }

    @Test
    void openMetricsIsServedWhenAskedFor() throws Exception {
        Scrape.Response response = Scrape.get(demo.metricsPort(), "/metrics",
                "application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertEquals(200, response.status());
        assertTrue(response.contentType().startsWith("application/openmetrics-text"), response.contentType());
        assertTrue(response.body().trim().endsWith("# EOF"), response.body());
        assertTrue(response.body().contains("cache_gets_total{cache=\"sessions\",result=\"hit\"} " + counts.get("hits")),
                response.body());
    }

    @Test
    void twoInstancesOfOneCustomCacheClassAreTwoSeriesNamedWhereBuilt() throws Exception {
        String store = TwoStoresApp.Store.class.getName();
        try (DemoProcess app = DemoProcess.startFixture(TwoStoresApp.class,
                "-Dbytemeter.cache.get=" + store + "#lookup", "-Dbytemeter.cache.put=" + store + "#save")) {
            Map<String, Long> own = app.counts();
            Scrape stores = app.scrape();
            assertEquals(own.get("users.gets"), stores.count("cache_gets_total", "cache", "UserService#<init>"), stores.text);
            assertEquals(own.get("users.puts"), stores.count("cache_puts_total", "cache", "UserService#<init>"));
            assertEquals(own.get("prices.gets"), stores.count("cache_gets_total", "cache", "PriceService#<init>"));
            assertEquals(own.get("users.hits"), stores.count("cache_gets_total", "cache", "UserService#<init>", "result", "hit"));
            assertEquals(own.get("prices.hits"), stores.count("cache_gets_total", "cache", "PriceService#<init>", "result", "hit"));
            assertTrue(own.get("users.hits") > 0);
            assertEquals(0, stores.count("cache_puts_total", "cache", "PriceService#<init>"), "prices are never saved");
        }
    }
}
