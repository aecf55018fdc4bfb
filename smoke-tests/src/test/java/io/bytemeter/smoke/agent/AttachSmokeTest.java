package io.bytemeter.smoke.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.Scrape;
import io.bytemeter.smoke.fixtures.AttachedCaffeineApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code java -jar bytemeter-agent.jar attach <pid>} on a cache demo started without the agent,
 * under every installed JDK: the demo's cache class, loaded before the attach, is retransformed,
 * and every operation after the attach (the demo counts from its {@code go}) is on /metrics. A
 * second attach says the agent is running and changes nothing; {@code list} shows the demo.
 */
class AttachSmokeTest {

    @ParameterizedTest
    @MethodSource("io.bytemeter.smoke.agent.JdkMatrixSmokeTest#installedJdks")
    void countsFromTheAttachOnAreExact(Path java) throws Exception {
        try (DemoProcess demo = DemoProcess.startDemoWithoutAgent(java, "cache-demo", "-Ddemo.await=true", "-Ddemo.ops=50000")) {
            demo.awaitLine(Pattern.compile("type go to start the workload"));
            String pid = String.valueOf(demo.pid());
            assertTrue(agentJar(java, "list").contains(pid), "list shows the demo");

            String attached = agentJar(java, "attach", pid, "bytemeter.config=" + DemoProcess.settingsFile("cache-demo"),
                    "bytemeter.exporter.port=0");
            assertTrue(attached.contains("bytemeter attached to " + pid), attached);
            int port = demo.metricsPort();
            demo.awaitLine(Pattern.compile("instrumented demo.cache.LruCache#get as cache.get"));
            demo.awaitLine(Pattern.compile("retransformed 1 of the 1 candidate classes loaded before the agent started"));

            demo.send("go");
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            assertTrue(scrape.text.contains("cache_gets_total"), demo.output());
            assertEquals(counts.get("hits"), scrape.count("cache_gets_total", "cache", "sessions", "result", "hit"), demo.output());
            assertEquals(counts.get("misses"), scrape.count("cache_gets_total", "cache", "sessions", "result", "miss"));
            assertEquals(counts.get("sets"), scrape.count("cache_puts_total", "cache", "sessions"));
            assertEquals(counts.get("deletes"), scrape.count("cache_deletes_total", "cache", "sessions"));

            agentJar(java, "attach", pid, "bytemeter.exporter.port=0");
            demo.awaitLine(Pattern.compile("the agent is running in this JVM already; this attach changes nothing"));
            assertEquals(counts.get("sets"), demo.scrape().count("cache_puts_total", "cache", "sessions"));
            assertEquals(1, demo.output().lines().filter(line -> line.contains("serving metrics on")).count(), "one endpoint");
            assertEquals(200, Scrape.get(port, "/metrics", null).status());
        }
    }

    /**
     * A Caffeine cache whose classes loaded before the attach: retransformed, they cannot gain the
     * field the agent adds to Caffeine's caches at load time, and the lookups are counted through
     * the cache's series found by identity instead, as exactly as Caffeine's own statistics.
     */
    @Test
    void caffeineClassesLoadedBeforeTheAttachAreCountedExactly() throws Exception {
        try (DemoProcess app = DemoProcess.startFixtureWithoutAgent(AttachedCaffeineApp.class)) {
            app.awaitLine(Pattern.compile("type go to start the workload"));
            agentJar(DemoProcess.JAVA, "attach", String.valueOf(app.pid()), "bytemeter.exporter.port=0");
            app.awaitLine(Pattern.compile("retransformed \\d+ of the \\d+ candidate classes loaded before the agent started"));
            app.send("go");
            Map<String, Long> counts = app.counts();
            Scrape scrape = app.scrape();
            assertEquals(counts.get("hits"), scrape.count("cache_gets_total", "result", "hit"), scrape.text + app.output());
            assertEquals(counts.get("misses"), scrape.count("cache_gets_total", "result", "miss"), scrape.text);
            assertEquals(20_000, counts.get("hits") + counts.get("misses"));
        }
    }

    /** Runs {@code java -jar bytemeter-agent.jar args...}; returns its output, failing on a non-zero exit. */
    private static String agentJar(Path java, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", DemoProcess.AGENT_JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not end: " + command);
        }
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
        return output;
    }
}
