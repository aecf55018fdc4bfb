package io.bytemeter.smoke.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.Scrape;
import io.bytemeter.smoke.fixtures.SmallCaffeineApp;
import io.bytemeter.smoke.fixtures.TrivialApp;
import io.bytemeter.smoke.fixtures.UuidHelloApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps start-up cheap: an app with no instrumented library never loads Byte Buddy's agent
 * machinery (only candidate classes reach it, and it is built on the first), and an app that loads one gets it installed in time to
 * count from the library's first call.
 */
class StartupSmokeTest {

    private static final String BYTE_BUDDY = "io.bytemeter.shaded.net.bytebuddy.";
    private static final String TYPE_POOL = "io.bytemeter.shaded.net.bytebuddy.pool.TypePool$Default ";
    private static final int BYTE_BUDDY_FOR_ONE_CLASS = 680;

    @Test
    void anAppWithoutInstrumentedLibrariesLoadsNoByteBuddyMachinery(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes.log");
        try (DemoProcess app = startLoggingClassLoads(TrivialApp.class, classes)) {
            assertEquals(1, app.counts().get("done"));
            Scrape scrape = app.scrape();
            assertEquals(1, scrape.count("bytemeter_instrumentations", "instrumentation", "caffeine", "status", "waiting"));
            assertTrue(app.hasLine("[bytemeter] INFO instrumentation caffeine: waiting for com.github.benmanes.caffeine.cache.BoundedLocalCache"),
                    app.output());
            List<String> loaded = Files.readAllLines(classes);
            assertFalse(loaded.stream().anyMatch(line -> line.contains(TYPE_POOL)), "Byte Buddy's type pool loaded for an app that needs none");
            // a few interfaces named in the SPI's signatures are verified; instrumenting one class loads about 670
            List<String> byteBuddy = byteBuddyClasses(loaded);
            assertTrue(byteBuddy.size() <= 8, "Byte Buddy classes loaded by an app that needs none:\n" + String.join("\n", byteBuddy));
        }
    }

    /**
     * The JDK's {@code UUID}, which nearly every app loads at start, costs the agent Byte Buddy's
     * {@code Advice} on one class and nothing more: {@value #BYTE_BUDDY_FOR_ONE_CLASS} classes
     * (about 130 of them {@code Advice}'s own offset mappings and dispatchers, 100 the type pool
     * that describes the class and the advice from their bytes, the rest ASM's reader and writer,
     * the descriptions and the scaffold that decorates the class). When every instrumentation's
     * transformations were built on the first candidate it was 753, Caffeine's alone costing 90 ms.
     */
    @Test
    void anAppWhoseOnlyInstrumentedClassIsUuidPaysForOneInstrumentation(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes.log");
        try (DemoProcess app = startLoggingClassLoads(UuidHelloApp.class, classes)) {
            long uuids = app.counts().get("uuids");
            Scrape scrape = app.scrape();
            assertEquals(uuids, Math.round(scrape.sum("id_generated_total", "generator", "UUID.randomUUID")));
            assertEquals(1, scrape.count("bytemeter_instrumentations", "instrumentation", "jdk-uuid", "status", "applied"));
            assertEquals(1, scrape.count("bytemeter_instrumentations", "instrumentation", "caffeine", "status", "waiting"),
                    "an instrumentation is built when its own first candidate loads");
            List<String> byteBuddy = byteBuddyClasses(Files.readAllLines(classes));
            assertTrue(byteBuddy.size() <= BYTE_BUDDY_FOR_ONE_CLASS, byteBuddy.size() + " Byte Buddy classes loaded to instrument UUID");
        }
    }

    @Test
    void anAppThatLoadsAnInstrumentedLibraryIsMeasuredFromItsFirstCall(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes.log");
        try (DemoProcess app = startLoggingClassLoads(SmallCaffeineApp.class, classes)) {
            long hits = app.counts().get("hits");
            Scrape scrape = app.scrape();
            assertEquals(hits, Math.round(scrape.sum("cache_gets_total", "result", "hit")), "every lookup, the first included");
            assertEquals(1, scrape.count("bytemeter_instrumentations", "instrumentation", "caffeine", "status", "applied"));
            assertTrue(Files.readAllLines(classes).stream().anyMatch(line -> line.contains(TYPE_POOL)));
        }
    }

    private static DemoProcess startLoggingClassLoads(Class<?> fixture, Path log) throws Exception {
        return DemoProcess.startFixture(fixture, "-Xlog:class+load:file=" + log);
    }

    private static List<String> byteBuddyClasses(List<String> classLoadLog) {
        return classLoadLog.stream().filter(line -> line.contains(BYTE_BUDDY)).collect(Collectors.toList());
    }
}
