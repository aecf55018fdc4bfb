package io.bytemeter.smoke.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.Scrape;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Snowflake demo under the agent, by role: two instances of one generator class are two series,
 * named where each was built; IDs, clock errors, regressions and sequence waits against each
 * generator's own counts.
 */
class SnowflakeDemoSmokeTest extends AbstractIdSmokeTest {

    private static final String[] GENERATORS = {"careful", "legacy"};

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

    private static String series(String generator) {
        return "SnowflakeDemo#" + generator;
    }

    @Test
    void eachInstanceIsItsOwnSeriesNamedWhereItWasBuilt() {
        for (String g : GENERATORS) {
            assertIds(scrape, series(g), counts.get(g + ".generated"));
        }
        assertFalse(scrape.text.contains("generator=\"Snowflake\""), "no series per class when instances are known");
    }

    @Test
    void clockMovingBackwardsIsAnErrorByTypeAndAFailedClockStep() {
        assertTrue(counts.get("careful.clock_errors") + counts.get("legacy.clock_errors") > 0,
                "the workload steps the clock back past the tolerance");
        for (String g : GENERATORS) {
            assertEquals(counts.get(g + ".clock_errors"), scrape.count("id_generation_errors_total",
                    "generator", series(g), "error_type", "demo.id.ClockMovedBackwardsException"));
            assertEquals(counts.get(g + ".clock_errors"), scrape.count("id_clock_backward_total",
                    "generator", series(g), "outcome", "failed"));
        }
    }

    @Test
    void idsNotGreaterThanThePreviousAreCountedAsNonMonotonic() {
        assertTrue(counts.get("legacy.regressions") > 0, "the legacy generator hands out smaller IDs after a small clock step");
        for (String g : GENERATORS) {
            assertEquals(counts.get(g + ".regressions"), scrape.count("id_non_monotonic_total", "generator", series(g)));
        }
    }

    @Test
    void eachWaitForTheNextMillisecondIsAnOverflowAndAWait() {
        assertTrue(counts.get("careful.sequence_waits") + counts.get("legacy.sequence_waits") > 0,
                "the generators run their sequence out");
        for (String g : GENERATORS) {
            assertOverflows(scrape, series(g), counts.get(g + ".sequence_waits"));
        }
    }

    @Test
    void generationLatencyHasSensibleQuantiles() {
        double p50 = scrape.quantile(0.5, "id_generation_duration_seconds");
        double p999 = scrape.quantile(0.999, "id_generation_duration_seconds");
        assertTrue(p50 > 0 && p50 < 1e-4, "p50=" + p50);
        assertTrue(p999 >= p50 && p999 < 0.1, "p99.9=" + p999);
    }
}
