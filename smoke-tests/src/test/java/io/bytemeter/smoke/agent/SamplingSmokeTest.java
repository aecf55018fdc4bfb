package io.bytemeter.smoke.agent;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.Scrape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Timing one call in N keeps every count exact and times about 1/N of the calls. */
class SamplingSmokeTest {

    @Test
    void countsStayExactWhenOnlyOneCallInSixteenIsTimed() throws Exception {
        try (DemoProcess demo = DemoProcess.startDemo("cache-demo", "-Dbytemeter.timing.sample=16")) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            assertEquals(counts.get("hits"), scrape.count("cache_gets_total", "cache", "sessions", "result", "hit"));
            assertEquals(counts.get("misses"), scrape.count("cache_gets_total", "cache", "sessions", "result", "miss"));
            long timed = scrape.count("cache_operation_duration_seconds_count", "operation", "get");
            double expected = counts.get("gets") / 16.0;
            assertTrue(Math.abs(timed - expected) < expected * 0.05,
                    "timed " + timed + " of " + counts.get("gets") + " gets, expected about " + expected);
        }
    }
}
