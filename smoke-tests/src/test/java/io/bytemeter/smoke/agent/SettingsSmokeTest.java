package io.bytemeter.smoke.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.Scrape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings as a user sets them: the file, the environment, the command line, and switches. */
class SettingsSmokeTest {

    private static final String SMALL = "-Ddemo.ops=20000";

    @Test
    void environmentBeatsTheFileAndASystemPropertyBeatsTheEnvironment() throws Exception {
        Map<String, String> env = Map.of("BYTEMETER_CACHE_NAMES", "demo.cache.LruCache=from-env",
                "OTEL_SERVICE_NAME", "checkout");
        try (DemoProcess demo = DemoProcess.startDemo(env, "cache-demo", SMALL)) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            assertEquals(counts.get("gets"), scrape.count("cache_gets_total", "cache", "from-env"));
            assertTrue(scrape.text.contains("service_name=\"checkout\""), scrape.text);
        }
        try (DemoProcess demo = DemoProcess.startDemo(env, "cache-demo", SMALL,
                "-Dbytemeter.cache.names=demo.cache.LruCache=from-command-line")) {
            Map<String, Long> counts = demo.counts();
            assertEquals(counts.get("gets"), demo.scrape().count("cache_gets_total", "cache", "from-command-line"));
        }
    }

    @Test
    void anInstrumentationSwitchedOffRecordsNothingAndSaysSo() throws Exception {
        try (DemoProcess demo = DemoProcess.startDemo("cache-demo", SMALL,
                "-Dbytemeter.instrumentation.cache-roles.enabled=false")) {
            demo.counts();
            Scrape scrape = demo.scrape();
            assertTrue(demo.hasLine("[bytemeter] INFO instrumentation cache-roles: disabled by "
                    + "bytemeter.instrumentation.cache-roles.enabled=false"), demo.output());
            assertEquals(1, scrape.count("bytemeter_instrumentations", "instrumentation", "cache-roles", "status", "disabled"));
            assertFalse(scrape.text.contains("cache_gets_total"), scrape.text);
        }
    }
}
