package io.bytemeter.agent;

import io.bytemeter.instrumentation.MethodSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The agent's settings: system property beats environment variable ({@code bytemeter.exporter.port}
 * is {@code BYTEMETER_EXPORTER_PORT}) beats the file named by {@code bytemeter.config} beats the
 * default. A value that cannot be used is a problem naming the key and value; the caller logs it
 * and the default applies, so a typo never stops the app.
 */
public final class Config {

    private final Properties systemProperties;
    private final Map<String, String> environment;
    private final Properties file;
    private final List<String> problems = new ArrayList<>();

    private Config(Properties systemProperties, Map<String, String> environment) {
        this.systemProperties = systemProperties;
        this.environment = environment;
        this.file = new Properties();
        String path = raw(Settings.CONFIG_FILE);
        if (path != null && !path.isBlank()) {
            try (InputStream in = Files.newInputStream(Paths.get(path.trim()))) {
                file.load(in);
            } catch (IOException | RuntimeException e) {
                problems.add(Settings.CONFIG_FILE + "=" + path + ": cannot read the file (" + e + "); its settings are ignored");
            }
        }
        reportUnknownKeys();
    }

    public static Config load(Properties systemProperties, Map<String, String> environment) {
        return new Config(systemProperties, environment);
    }

    public static Config fromSystem() {
        return load(System.getProperties(), System.getenv());
    }

    /**
     * As {@link #fromSystem()}, with the settings an attach passed (one {@code key=value} per line)
     * above the system properties.
     */
    static Config fromSystem(String attachArguments) {
        Properties properties = new Properties();
        properties.putAll(System.getProperties());
        List<String> bad = new ArrayList<>();
        for (String line : attachArguments.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                properties.setProperty(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            } else if (!line.isBlank()) {
                bad.add(line.trim());
            }
        }
        Config config = load(properties, System.getenv());
        for (String entry : bad) {
            config.problems.add("attach argument '" + entry + "' is not key=value; ignored");
        }
        return config;
    }

    /** Settings that could not be used, each naming its key and value and what applies instead. */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** The value set for {@code key} by the highest source, or null. */
    public String raw(String key) {
        String value = systemProperties.getProperty(key);
        if (value == null) {
            value = environment.get(environmentName(key));
        }
        if (value == null && file != null) {
            value = file.getProperty(key);
        }
        return value;
    }

    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String string(String key, String defaultValue) {
        String value = raw(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    public int integer(String key, int defaultValue, int min, int max) {
        String value = raw(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add(key + "=" + value + ": expected a whole number from " + min + " to " + max
                + "; using the default " + defaultValue);
        return defaultValue;
    }

    public boolean bool(String key, boolean defaultValue) {
        String value = raw(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        problems.add(key + "=" + value + ": expected true or false; using the default " + defaultValue);
        return defaultValue;
    }

    /** The method specs of a role; an entry that does not parse is reported and the rest are kept. */
    public List<MethodSpec> specs(String key) {
        return MethodSpec.parseList(raw(key), reason -> problems.add(key + ": " + reason + "; that entry is ignored"));
    }

    /** A map setting, {@code com.acme.Users=users,com.acme.Orders=orders}; bad entries are reported. */
    public Map<String, String> names(String key) {
        String value = raw(key);
        Map<String, String> names = new LinkedHashMap<>();
        if (value == null) {
            return names;
        }
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                problems.add(key + ": '" + entry.trim() + "' is not of the form fully.qualified.Class=name; that entry is ignored");
                continue;
            }
            names.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return names;
    }

    /**
     * The {@code bytemeter.instrumentation.<name>.enabled} settings that name no instrumentation,
     * a typo that would otherwise switch nothing off, are problems.
     */
    void checkInstrumentationNames(Set<String> names) {
        Set<String> keys = new TreeSet<>(systemProperties.stringPropertyNames());
        keys.addAll(file.stringPropertyNames());
        for (String variable : environment.keySet()) {
            if (variable.startsWith("BYTEMETER_INSTRUMENTATION_") && variable.endsWith("_ENABLED")) {
                boolean known = names.stream().anyMatch(n -> environmentName(Settings.enabledKey(n)).equals(variable));
                if (!known) {
                    problems.add(variable + ": names no instrumentation; known are " + new TreeSet<>(names));
                }
            }
        }
        for (String key : keys) {
            if (key.startsWith("bytemeter.instrumentation.") && key.endsWith(".enabled")
                    && names.stream().noneMatch(n -> Settings.enabledKey(n).equals(key))) {
                problems.add(key + ": names no instrumentation; known are " + new TreeSet<>(names));
            }
        }
    }

    /** Problems with a value the caller validated itself. */
    void addProblem(String problem) {
        problems.add(problem);
    }

    private void reportUnknownKeys() {
        Set<String> keys = new TreeSet<>(systemProperties.stringPropertyNames());
        keys.addAll(file.stringPropertyNames());
        for (String key : keys) {
            if (key.startsWith("bytemeter.") && !Settings.isKnown(key)) {
                problems.add(key + ": unknown setting, ignored (see docs/settings.md for the list)");
            }
        }
    }
}
