package io.bytemeter.smoke.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.Scrape;
import io.bytemeter.smoke.id.IdDemoSmokeTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The live page at {@code /}, loaded in a real headless browser (Debian's {@code chromium}, which
 * {@code .ci/run} installs) while demos run: the numbers it shows equal {@code /metrics}; its
 * second view has rates; nothing on it is fetched from elsewhere. A screenshot is kept in
 * {@code smoke-tests/target/live-page.png}.
 */
class LivePageSmokeTest {

    private static final Path SCREENSHOT = Paths.get("target", "live-page.png");

    @Test
    void aCachesNumbersEqualTheScrape() throws Exception {
        try (DemoProcess demo = DemoProcess.startDemo("cache-demo")) {
            demo.counts();
            Scrape scrape = demo.scrape();
            String url = "http://127.0.0.1:" + demo.metricsPort() + "/";
            String first = chromium("--dump-dom", url);
            assertTrue(first.contains("the first view has none yet"), first);
            String page = chromium("--dump-dom", url);
            Matcher row = Pattern.compile("<tr><td>sessions</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>"
                    + "<td>(\\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>").matcher(page);
            assertTrue(row.find(), page);
            long gets = scrape.count("cache_gets_total", "cache", "sessions");
            long hits = scrape.count("cache_gets_total", "cache", "sessions", "result", "hit");
            assertEquals(gets, Long.parseLong(row.group(5)));
            assertEquals(String.format(Locale.ROOT, "%.1f%%", 100.0 * hits / gets), row.group(1));
            assertEquals("0.0", row.group(2), "the demo is idle after its workload: no gets between the two views");
            assertClose(scrape.quantile(0.99, "cache_operation_duration_seconds", "cache", "sessions", "operation", "get"), row.group(7));
            assertFalse(page.contains("<script") || page.contains("src=\"http") || page.contains("href=\"http"), "nothing from elsewhere");

            chromium("--screenshot=" + SCREENSHOT.toAbsolutePath(), "--window-size=1200,700", url);
            assertTrue(Files.size(SCREENSHOT) > 1000, "a screenshot of the page");
        }
    }

    @Test
    void idGeneratorsAndTheAgentsState() throws Exception {
        try (DemoProcess demo = DemoProcess.startMain(IdDemoSmokeTest.classpath("current"), "demo.ids.IdDemo")) {
            demo.counts();
            Scrape scrape = demo.scrape();
            String page = chromium("--dump-dom", "http://127.0.0.1:" + demo.metricsPort() + "/");
            Matcher row = Pattern.compile("<tr><td>UUID\\.randomUUID</td><td>[^<]*</td><td>(\\d+)</td><td>(\\d+)</td>").matcher(page);
            assertTrue(row.find(), page);
            assertEquals(scrape.count("id_generated_total", "generator", "UUID.randomUUID"), Long.parseLong(row.group(1)));
            assertEquals("0", row.group(2), "no errors");
            assertTrue(page.contains("<h2>The agent</h2>"), page);
        }
    }

    /** A duration as the page shows it ("958 ns", "1.2 µs", "3.4 ms") against seconds, within 2% or one display digit. */
    private static void assertClose(double seconds, String shown) {
        String[] parts = shown.split(" ");
        double value = Double.parseDouble(parts[0]);
        double scale = switch (parts[1]) {
            case "ns" -> 1e-9;
            case "µs" -> 1e-6;
            case "ms" -> 1e-3;
            default -> 1;
        };
        assertTrue(Math.abs(value * scale - seconds) <= Math.max(0.02 * seconds, 0.1 * scale), shown + " against " + seconds);
    }

    /** Runs headless Chromium with {@code args}, for at most a minute; returns what it printed to standard output. */
    private static String chromium(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("chromium", ".out");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(out.toFile()).start();
        try {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
            return Files.readString(out);
        } finally {
            // a browser left behind by a failed or timed-out test would outlive the build
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }
}
