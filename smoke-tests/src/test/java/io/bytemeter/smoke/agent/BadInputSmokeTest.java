package io.bytemeter.smoke.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.SampledCounts;
import io.bytemeter.smoke.Scrape;
import io.bytemeter.smoke.fixtures.StreamingInboxApp;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets one clear log line naming the key or cause, and the app runs on as if the agent
 * were not there.
 */
class BadInputSmokeTest {

    private static final String SMALL = "-Ddemo.ops=20000";

    @Test
    void malformedValueIsReportedByKeyAndTheDefaultApplies() throws Exception {
        try (DemoProcess demo = DemoProcess.startDemo("cache-demo", SMALL, "-Dbytemeter.timing.sample=often")) {
            demo.awaitLine(Pattern.compile(Pattern.quote(
                    "[bytemeter] WARN setting bytemeter.timing.sample=often: expected a whole number from 0 to 1048576; using the default 0")));
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            assertEquals(counts.get("gets"), scrape.count("cache_gets_total", "cache", "sessions"));
            // the default: one in 256 timed, standing for the others
            SampledCounts.assertStandsFor(counts.get("gets"), scrape.count("cache_operation_duration_seconds_count", "operation", "get"),
                    256, "gets");
        }
    }

    @Test
    void unknownKeyIsReported() throws Exception {
        try (DemoProcess demo = DemoProcess.startDemo("cache-demo", SMALL, "-Dbytemeter.exporter.prot=9999")) {
            demo.awaitLine(Pattern.compile(Pattern.quote("WARN setting bytemeter.exporter.prot: unknown setting")));
            assertEquals(demo.counts().get("gets"), demo.scrape().count("cache_gets_total", "cache", "sessions"));
        }
    }

    @Test
    void malformedSpecIsReportedAndTheOtherSpecsStillWork() throws Exception {
        try (DemoProcess demo = DemoProcess.startDemo("cache-demo", SMALL,
                "-Dbytemeter.cache.delete=demo.cache.LruCache#delete,no hash here")) {
            demo.awaitLine(Pattern.compile(Pattern.quote(
                    "WARN setting bytemeter.cache.delete: 'no hash here' is not of the form fully.qualified.Class#method")));
            Map<String, Long> counts = demo.counts();
            assertEquals(counts.get("deletes"), demo.scrape().count("cache_deletes_total", "cache", "sessions"));
        }
    }

    @Test
    void specThatMatchesNothingIsReportedOnce() throws Exception {
        try (DemoProcess demo = DemoProcess.startDemo("cache-demo", SMALL,
                "-Dbytemeter.methods.timed=com.example.DoesNotExist#run",
                "-Dbytemeter.unmatched.report.delay=1")) {
            Map<String, Long> counts = demo.counts();
            demo.awaitLine(Pattern.compile(Pattern.quote(
                    "WARN bytemeter.methods.timed: com.example.DoesNotExist#run matched no method within 1 s of start-up")));
            assertEquals(counts.get("gets"), demo.scrape().count("cache_gets_total", "cache", "sessions"));
            assertEquals(1, demo.output().split("DoesNotExist#run matched no method", -1).length - 1);
        }
    }

    @Test
    void portAlreadyTakenIsReportedAndTheAppFinishesNormally() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            try (DemoProcess demo = DemoProcess.startDemo("cache-demo", SMALL, "-Ddemo.exit=true",
                    "-Dbytemeter.exporter.port=" + taken.getLocalPort())) {
                demo.awaitLine(Pattern.compile(Pattern.quote("[bytemeter] ERROR cannot serve metrics on 0.0.0.0:"
                        + taken.getLocalPort() + " (bytemeter.exporter.host, bytemeter.exporter.port)")));
                Map<String, Long> counts = demo.counts();
                long prepopulated = 10_000;
                assertEquals(4 * 20_000, counts.get("gets") + counts.get("sets") - prepopulated + counts.get("deletes"),
                        "the whole workload ran");
                assertEquals(0, demo.awaitExit(), demo.output());
            }
        }
    }

    @Test
    void requestThatIsNotAScrapeGetsA404AndScrapesGoOn() throws Exception {
        try (DemoProcess demo = DemoProcess.startDemo("cache-demo", SMALL)) {
            Map<String, Long> counts = demo.counts();
            Scrape.Response response = Scrape.get(demo.metricsPort(), "/admin/shutdown", null);
            assertEquals(404, response.status());
            assertTrue(response.body().contains("bytemeter serves /metrics, /health (also /-/healthy) and / only"), response.body());
            assertFalse(response.body().contains("/admin/shutdown"), "the path is not echoed");
            assertEquals(counts.get("gets"), demo.scrape().count("cache_gets_total", "cache", "sessions"));
            assertTrue(demo.isAlive());
        }
    }

    @Test
    void exceptionInsideARecorderIsLoggedOnceCountedAndKeptFromTheApp() throws Exception {
        try (DemoProcess app = DemoProcess.startFixture(StreamingInboxApp.class,
                "-Dbytemeter.messaging.consume=" + StreamingInboxApp.Inbox.class.getName() + "#receive")) {
            Map<String, Long> counts = app.counts();
            assertEquals(100, counts.get("receives"));
            assertEquals(300, counts.get("messages"));
            app.awaitLine(Pattern.compile(Pattern.quote("[bytemeter] ERROR recorder error in messaging.consume")
                    + ".*UnsupportedOperationException: a streaming batch has no size"));
            assertEquals(1, app.output().split("recorder error in", -1).length - 1, app.output());
            assertEquals(100, app.scrape().count("bytemeter_recorder_errors_total", "instrumentation", "messaging.consume"));
            assertTrue(app.isAlive());
        }
    }

    @Test
    void strictModeRefusesToStartTheAgentButNotTheApp() throws Exception {
        try (DemoProcess demo = DemoProcess.startDemo("cache-demo", SMALL, "-Ddemo.exit=true",
                "-Dbytemeter.strict=true", "-Dbytemeter.exporter.port=abc")) {
            demo.awaitLine(Pattern.compile(Pattern.quote("bytemeter.strict=true and 1 setting(s) are wrong: the agent does not start")));
            assertTrue(demo.counts().get("gets") > 0);
            assertEquals(0, demo.awaitExit(), demo.output());
            assertFalse(demo.hasLine("serving metrics"), demo.output());
        }
    }
}
