package io.bytemeter.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Snowflake demo under the agent: IDs, clock errors and regressions against its own counts. */
class SnowflakeDemoSmokeTest {

    private static DemoProcess demo;
    private static Map<String, Long> counts;
    private static Scrape scrape;

    @BeforeAll
    static void runDemo() throws Exception {
        demo = DemoProcess.startDemo("snowflake-demo", "-Ddemo.port=0");
        counts = demo.counts();
        scrape = demo.scrape();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void generatedIdsEqualTheDemosOwnCount() {
        assertEquals(counts.get("generated"), scrape.count("id_generated_total", "generator", "Snowflake"));
        assertEquals(counts.get("generated"), scrape.count("id_generation_duration_seconds_count", "generator", "Snowflake"));
    }

    @Test
    void clockMovingBackwardsIsCountedAsAnErrorByType() {
        assertTrue(counts.get("clock_errors") > 0, "the workload steps the clock back past the tolerance");
        assertEquals(counts.get("clock_errors"), scrape.count("id_generation_errors_total",
                "generator", "Snowflake", "error_type", "demo.id.ClockMovedBackwardsException"));
    }

    @Test
    void idsNotGreaterThanThePreviousAreCountedAsNonMonotonic() {
        assertTrue(counts.get("regressions") > 0, "the legacy generator hands out smaller IDs after a small clock step");
        assertEquals(counts.get("regressions"), scrape.count("id_non_monotonic_total", "generator", "Snowflake"));
    }

    @Test
    void generationLatencyHasSensibleQuantiles() {
        double p50 = scrape.quantile(0.5, "id_generation_duration_seconds");
        double p999 = scrape.quantile(0.999, "id_generation_duration_seconds");
        assertTrue(p50 > 0 && p50 < 1e-4, "p50=" + p50);
        assertTrue(p999 >= p50 && p999 < 0.1, "p99.9=" + p999);
    }
}
