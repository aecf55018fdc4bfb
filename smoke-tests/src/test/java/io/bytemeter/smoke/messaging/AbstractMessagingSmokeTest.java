package io.bytemeter.smoke.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.Scrape;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every broker's smoke test holds its library to. A test extends this, names its
 * {@code messaging_system}, runs its demo against a real server, and passes what the app itself
 * counted per destination as {@link Flow}s: messages and bytes sent and consumed on
 * {@code /metrics} must equal them, the app runs on, no recording failed, and no destination fell
 * into the {@code _overflow} series.
 */
abstract class AbstractMessagingSmokeTest {

    /** What the app counted for one destination (and consumer group, or null); null where it does not count that. */
    record Flow(String destination, String group, Long sent, Long sentBytes, Long consumed, Long consumedBytes) {

        static Flow of(String destination, Long sent, Long sentBytes, Long consumed, Long consumedBytes) {
            return new Flow(destination, null, sent, sentBytes, consumed, consumedBytes);
        }
    }

    private static final Path MATRIX = Paths.get(System.getProperty("matrix.dir"));
    /** The exception types an app whose server went away caught, comma-separated. */
    private static final Pattern CAUGHT = Pattern.compile("caught: (.*)$");
    /** What such an app prints once its first sends are done. */
    private static final Pattern FIRST_SENDS = Pattern.compile("first \\w+ done");

    /**
     * A demo's class path with the client library {@code artifact} at {@code version}: the demo's
     * own when that is the version it was built with, else the matrix's jar in its place.
     */
    static List<Path> demoClasspath(String demo, String artifact, String version, String demoVersion) throws IOException {
        return version.equals(demoVersion)
                ? DemoProcess.libraryDemoClasspath(demo, List.of())
                : DemoProcess.libraryDemoClasspath(demo, List.of(MATRIX.resolve(artifact + "-" + version + ".jar")), artifact + "-");
    }

    /** The library's {@code messaging_system} label value. */
    abstract String system();

    final void assertFlows(Scrape scrape, List<Flow> flows) {
        for (Flow flow : flows) {
            // sends carry no consumer group; receives do, where the broker has groups
            assertCount(flow.sent(), scrape, "messaging_client_sent_messages_total", flow.destination(), null);
            assertCount(flow.sentBytes(), scrape, "messaging_client_sent_bytes_total", flow.destination(), null);
            assertCount(flow.consumed(), scrape, "messaging_client_consumed_messages_total", flow.destination(), flow.group());
            assertCount(flow.consumedBytes(), scrape, "messaging_client_consumed_bytes_total", flow.destination(), flow.group());
        }
    }

    private void assertCount(Long expected, Scrape scrape, String metric, String destination, String group) {
        if (expected == null) {
            return;
        }
        long actual = group == null
                ? count(scrape, metric, destination)
                : scrape.count(metric, "messaging_system", system(), "messaging_destination_name", destination,
                        "messaging_consumer_group_name", group);
        assertEquals(expected, actual, metric + " of " + destination + "\n" + scrape.text);
    }

    /** {@code metric} summed over this system's series for {@code destination}. */
    final long count(Scrape scrape, String metric, String destination) {
        return scrape.count(metric, "messaging_system", system(), "messaging_destination_name", destination);
    }

    /** Starts an app whose server is about to go away. */
    interface AppStart {
        DemoProcess start() throws Exception;
    }

    /**
     * What an app must show whose server goes away under it: {@code app} (a fixture that prints
     * {@code first ... done} after its first sends, waits for a line on its input, then prints
     * {@code caught: <types>} and its counts) is started, {@code server} stopped once the app's first
     * {@code sent} sends are done, and the app told to go on: the {@code failed} sends it saw fail
     * are as many errors on {@code destination}, by the types it caught; the {@code sent} before
     * them are sent; and it carries on. The server is stopped however the check ends.
     */
    final void assertFailedSendsAgree(AutoCloseable server, AppStart app, String destination, long sent, long failed) throws Exception {
        try (DemoProcess running = app.start()) {
            running.awaitLine(FIRST_SENDS);
            server.close();
            running.send("go");
            Map<String, Long> counts = running.counts();
            assertEquals(failed, counts.get("failed"), "every send after the server went failed, as without the agent: " + running.output());
            Matcher caught = running.awaitLine(CAUGHT);
            Scrape scrape = running.scrape();
            assertEquals(sent, count(scrape, "messaging_client_sent_messages_total", destination));
            long errors = 0;
            for (String type : caught.group(1).split(",")) {
                errors += scrape.count("messaging_client_operation_errors_total", "messaging_system", system(), "messaging_destination_name",
                        destination, "error_type", type);
            }
            assertEquals(failed, errors, "the agent's errors, by the types the app caught: " + scrape.text);
            assertHealthy(running, scrape);
        } finally {
            server.close();
        }
    }

    /** The app carried on, nothing failed inside the agent, and every destination has a series of its own. */
    final void assertHealthy(DemoProcess demo, Scrape scrape) {
        assertTrue(demo.isAlive());
        assertFalse(scrape.text.contains("bytemeter_recorder_errors_total{"), "no recorder failed");
        assertTrue(scrape.samples.stream().noneMatch(s -> "_overflow".equals(s.labels().get("messaging_destination_name"))),
                "every destination has its own series");
    }
}
