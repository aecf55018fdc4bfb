package io.bytemeter.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    @TempDir
    Path dir;

    private static Properties props(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return p;
    }

    @Test
    void systemPropertyBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        Path file = dir.resolve("bytemeter.properties");
        Files.writeString(file, "bytemeter.exporter.port=1001\nbytemeter.exporter.host=127.0.0.3\nbytemeter.timing.sample=8\n");
        Config config = Config.load(
                props("bytemeter.config", file.toString(), "bytemeter.exporter.port", "1003"),
                Map.of("BYTEMETER_EXPORTER_PORT", "1002", "BYTEMETER_EXPORTER_HOST", "127.0.0.2"));
        assertEquals(1003, config.integer("bytemeter.exporter.port", 9464, 0, 65535));
        assertEquals("127.0.0.2", config.string("bytemeter.exporter.host", "0.0.0.0"));
        assertEquals(8, config.integer("bytemeter.timing.sample", 1, 1, 1024));
        assertEquals(5, config.integer("bytemeter.series.max", 5, 1, 10));
        assertTrue(config.problems().isEmpty(), config.problems().toString());
    }

    @Test
    void environmentNamesAreUpperCaseWithUnderscores() {
        assertEquals("BYTEMETER_INSTRUMENTATION_CACHE_ROLES_ENABLED",
                Config.environmentName("bytemeter.instrumentation.cache-roles.enabled"));
    }

    @Test
    void malformedNumberIsAProblemNamingKeyAndValueAndTheDefaultApplies() {
        Config config = Config.load(props("bytemeter.exporter.port", "ninety"), Map.of());
        assertEquals(9464, config.integer("bytemeter.exporter.port", 9464, 0, 65535));
        assertEquals(List.of("bytemeter.exporter.port=ninety: expected a whole number from 0 to 65535; using the default 9464"),
                config.problems());
    }

    @Test
    void outOfRangeAndNonBooleanValuesAreProblems() {
        Config config = Config.load(props("bytemeter.exporter.port", "70000", "bytemeter.strict", "yes"), Map.of());
        assertEquals(9464, config.integer("bytemeter.exporter.port", 9464, 0, 65535));
        assertEquals(false, config.bool("bytemeter.strict", false));
        assertEquals(2, config.problems().size());
        assertTrue(config.problems().get(1).startsWith("bytemeter.strict=yes: expected true or false"));
    }

    @Test
    void unknownKeysAndAMissingFileAreProblems() {
        Config config = Config.load(props("bytemeter.exporter.prot", "1", "bytemeter.config", "/nonexistent/b.properties",
                "bytemeter.instrumentation.cache-roles.enabled", "false"), Map.of());
        assertEquals(2, config.problems().size(), config.problems().toString());
        assertTrue(config.problems().stream().anyMatch(p -> p.startsWith("bytemeter.config=/nonexistent/b.properties: cannot read")));
        assertTrue(config.problems().stream().anyMatch(p -> p.startsWith("bytemeter.exporter.prot: unknown setting")));
    }

    @Test
    void badSpecEntriesAreReportedAndTheGoodOnesKept() {
        Config config = Config.load(props("bytemeter.cache.get", "com.acme.Cache#get, nonsense ,com.acme.Other+#*"), Map.of());
        assertEquals(2, config.specs("bytemeter.cache.get").size());
        assertEquals(List.of("bytemeter.cache.get: 'nonsense' is not of the form fully.qualified.Class#method; that entry is ignored"),
                config.problems());
    }

    @Test
    void namesMapClassesToInstanceNames() {
        Config config = Config.load(props("bytemeter.cache.names", "com.acme.Users=users, com.acme.Orders = orders,broken"), Map.of());
        assertEquals(Map.of("com.acme.Users", "users", "com.acme.Orders", "orders"), config.names("bytemeter.cache.names"));
        assertEquals(1, config.problems().size());
    }

    @Test
    void enabledSettingsThatNameNoInstrumentationAreProblems() {
        Config config = Config.load(props("bytemeter.instrumentation.cache-roles.enabled", "false",
                "bytemeter.instrumentation.cache-rolez.enabled", "false"),
                Map.of("BYTEMETER_INSTRUMENTATION_ID_ROLES_ENABLED", "false", "BYTEMETER_INSTRUMENTATION_KAFKA_ENABLED", "false"));
        config.checkInstrumentationNames(java.util.Set.of("cache-roles", "id-roles"));
        assertEquals(List.of(
                "BYTEMETER_INSTRUMENTATION_KAFKA_ENABLED: names no instrumentation; known are [cache-roles, id-roles]",
                "bytemeter.instrumentation.cache-rolez.enabled: names no instrumentation; known are [cache-roles, id-roles]"),
                config.problems());
    }
}
