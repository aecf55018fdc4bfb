package io.bytemeter.smoke.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.Scrape;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An app that bundles its own, older OpenTelemetry SDK and Byte Buddy keeps using them, unharmed
 * by the agent's copies, while the agent measures it.
 */
class ConflictDemoSmokeTest {

    @Test
    void appKeepsItsOwnOpenTelemetryAndByteBuddyAndIsMeasured() throws Exception {
        try (DemoProcess demo = DemoProcess.startDemo("conflict-demo")) {
            Map<String, Long> counts = demo.counts();
            assertEquals(500, counts.get("orders"), "the app's own SDK counted its orders");
            demo.awaitLine(Pattern.compile("opentelemetry-sdk from conflict-demo\\.jar, bytebuddy from conflict-demo\\.jar,"
                    + " generated class says \"made by the app's own Byte Buddy\""));

            Scrape scrape = demo.scrape();
            assertEquals(counts.get("hits"), scrape.count("cache_gets_total", "cache", "prices", "result", "hit"));
            assertEquals(counts.get("misses"), scrape.count("cache_gets_total", "cache", "prices", "result", "miss"));
            assertEquals(counts.get("puts"), scrape.count("cache_puts_total", "cache", "prices"));
            assertTrue(!demo.hasLine("Exception") && !demo.hasLine("Error:"), demo.output());
        }
    }
}
