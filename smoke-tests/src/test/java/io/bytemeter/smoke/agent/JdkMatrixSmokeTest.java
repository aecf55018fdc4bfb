package io.bytemeter.smoke.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.Scrape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The cache demo under every JDK installed under /usr/lib/jvm (17 and 25 on the project's machines). */
class JdkMatrixSmokeTest {

    static List<Path> installedJdks() throws IOException {
        Path jvms = Paths.get("/usr/lib/jvm");
        List<Path> javas;
        try (Stream<Path> dirs = Files.list(jvms)) {
            javas = dirs.map(d -> d.resolve("bin/java"))
                    .filter(Files::isExecutable)
                    .map(JdkMatrixSmokeTest::realPath)
                    .distinct()
                    .sorted()
                    .collect(Collectors.toList());
        }
        assertFalse(javas.isEmpty(), "no JDK under " + jvms);
        return javas;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("installedJdks")
    void cacheCountsAreExactUnder(Path java) throws Exception {
        try (DemoProcess demo = DemoProcess.startDemo(java, "cache-demo", "-Ddemo.ops=50000")) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            assertEquals(counts.get("hits"), scrape.count("cache_gets_total", "cache", "sessions", "result", "hit"), demo.output());
            assertEquals(counts.get("misses"), scrape.count("cache_gets_total", "cache", "sessions", "result", "miss"));
            assertEquals(counts.get("sets"), scrape.count("cache_puts_total", "cache", "sessions"));
            assertEquals(counts.get("deletes"), scrape.count("cache_deletes_total", "cache", "sessions"));
        }
    }
}
