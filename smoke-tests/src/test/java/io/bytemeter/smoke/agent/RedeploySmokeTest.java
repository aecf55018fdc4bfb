package io.bytemeter.smoke.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.fixtures.RedeployApp;
import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * An app that loads Caffeine and the Kafka clients in a throw-away class loader 100 times (a
 * redeploy): with the agent instrumenting each copy, the loaders and their classes are still
 * collected, so the class count and the heap after round 100 are where they were after round 20,
 * and the series of the dropped caches and producers are gone from /metrics.
 */
class RedeploySmokeTest {

    private static final Pattern AFTER = Pattern.compile("redeploy after (\\d+): classes=(\\d+) heap=(\\d+)");

    @Test
    void throwAwayClassLoadersAreNotKeptByTheAgent() throws Exception {
        String jars = List.of(jar(Caffeine.class), jar(KafkaProducer.class), jar(org.slf4j.LoggerFactory.class)).stream()
                .map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        try (DemoProcess app = DemoProcess.startFixture(RedeployApp.class, "-Dredeploy.jars=" + jars, "-Xmx256m")) {
            assertEquals(1000, app.counts().get("gets"));
            List<Matcher> after = app.output().lines().map(AFTER::matcher).filter(Matcher::find).collect(Collectors.toList());
            assertEquals(2, after.size(), app.output());
            long classes20 = Long.parseLong(after.get(0).group(2));
            long classes100 = Long.parseLong(after.get(1).group(2));
            long heap20 = Long.parseLong(after.get(0).group(3));
            long heap100 = Long.parseLong(after.get(1).group(3));
            assertTrue(classes100 - classes20 < 200, "classes kept: " + classes20 + " after round 20, " + classes100 + " after 100 (one"
                    + " deployment loads about a thousand)\n" + app.output());
            assertTrue(heap100 - heap20 < 4 << 20, "heap after round 20: " + heap20 + ", after 100: " + heap100);
            assertTrue(app.hasLine("instrumentation kafka: instrumenting org.apache.kafka.clients.producer.KafkaProducer"),
                    "each copy is instrumented:\n" + app.output());
            String scrape = app.scrape().text;
            assertFalse(scrape.contains("cache_gets_total{") || scrape.contains("messaging_client_"),
                    "the series of the dropped caches and producers are gone with them:\n" + scrape);
        }
    }

    private static Path jar(Class<?> type) throws Exception {
        return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
