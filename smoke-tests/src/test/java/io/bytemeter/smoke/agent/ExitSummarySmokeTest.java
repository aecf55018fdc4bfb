package io.bytemeter.smoke.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.SampledCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bytemeter.summary}: when the app exits, its totals and quantiles, without a scrape; off by default. */
class ExitSummarySmokeTest {

    @TempDir
    Path dir;

    @Test
    void theSummaryFileHoldsTheAppsTotals() throws Exception {
        Path file = dir.resolve("summary.txt");
        try (DemoProcess demo = DemoProcess.startDemo("cache-demo", "-Ddemo.exit=true", "-Dbytemeter.summary=" + file)) {
            Map<String, Long> counts = demo.counts();
            assertEquals(0, demo.awaitExit());
            String summary = Files.readString(file);
            assertTrue(summary.startsWith("bytemeter summary after "), summary);
            assertTrue(summary.contains("== cache"), summary);
            assertEquals(counts.get("hits"), total(summary, "cache.gets", "cache=\"sessions\",result=\"hit\""), summary);
            assertEquals(counts.get("misses"), total(summary, "cache.gets", "cache=\"sessions\",result=\"miss\""));
            Matcher get = Pattern.compile("cache\\.operation\\.duration\\s+cache=\"sessions\",operation=\"get\"\\s+count (\\d+)\\s+p50 \\S+ \\S+\\s+p99 \\S+ \\S+")
                    .matcher(summary);
            assertTrue(get.find(), summary);
            SampledCounts.assertWithinOnePercent(counts.get("gets"), Long.parseLong(get.group(1)), "the get histogram stands for every get");
        }
    }

    @Test
    void stderrOnAskingAndNothingByDefault() throws Exception {
        try (DemoProcess demo = DemoProcess.startDemo("cache-demo", "-Ddemo.exit=true", "-Dbytemeter.summary=stderr")) {
            demo.counts();
            assertEquals(0, demo.awaitExit());
            assertTrue(demo.hasLine("bytemeter summary after "), demo.output());
        }
        try (DemoProcess demo = DemoProcess.startDemo("cache-demo", "-Ddemo.exit=true")) {
            demo.counts();
            assertEquals(0, demo.awaitExit());
            assertFalse(demo.hasLine("bytemeter summary"), demo.output());
        }
    }

    @Test
    void aFileInAFolderThatDoesNotExistIsNamedAndTheAppRuns() throws Exception {
        Path file = dir.resolve("no-such-folder").resolve("summary.txt");
        try (DemoProcess demo = DemoProcess.startDemo("cache-demo", "-Ddemo.exit=true", "-Dbytemeter.summary=" + file)) {
            demo.counts();
            assertEquals(0, demo.awaitExit());
            assertTrue(demo.hasLine("bytemeter.summary=" + file), demo.output());
            assertFalse(Files.exists(file));
        }
    }

    private static long total(String summary, String metric, String labels) {
        Matcher m = Pattern.compile(Pattern.quote(metric) + "\\s+" + Pattern.quote(labels) + "\\s+(\\d+)").matcher(summary);
        assertTrue(m.find(), metric + " " + labels + " in\n" + summary);
        return Long.parseLong(m.group(1));
    }
}
