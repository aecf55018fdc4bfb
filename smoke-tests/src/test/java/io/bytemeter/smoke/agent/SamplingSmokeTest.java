package io.bytemeter.smoke.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.SampledCounts;
import io.bytemeter.smoke.Scrape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Timing one call in N keeps every count exact, and the histogram still stands for every call. */
class SamplingSmokeTest {

    @Test
    void countsStayExactWhenOnlyOneCallInSixteenIsTimed() throws Exception {
        try (DemoProcess demo = DemoProcess.startDemo("cache-demo", "-Dbytemeter.timing.sample=16")) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            assertEquals(counts.get("hits"), scrape.count("cache_gets_total", "cache", "sessions", "result", "hit"));
            assertEquals(counts.get("misses"), scrape.count("cache_gets_total", "cache", "sessions", "result", "miss"));
            // one get in 16 timed, each recorded for the gets since the last one timed
            SampledCounts.assertWithinOnePercent(counts.get("gets"),
                    scrape.count("cache_operation_duration_seconds_count", "operation", "get"), "gets");
        }
    }
}
