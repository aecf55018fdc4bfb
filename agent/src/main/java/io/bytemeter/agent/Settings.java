package io.bytemeter.agent;

import io.bytemeter.instrumentation.Role;
import java.util.HashSet;
import java.util.Set;

/** The keys the agent reads. Each is in the README's settings table with its default. */
final class Settings {

    static final String CONFIG_FILE = "bytemeter.config";
    static final String EXPORTER_HOST = "bytemeter.exporter.host";
    static final String EXPORTER_PORT = "bytemeter.exporter.port";
    static final String TIMING_SAMPLE = "bytemeter.timing.sample";
    static final String SERIES_MAX = "bytemeter.series.max";
    static final String LOG_LEVEL = "bytemeter.log.level";
    static final String STRICT = "bytemeter.strict";
    static final String UNMATCHED_REPORT_DELAY = "bytemeter.unmatched.report.delay";
    static final String OTEL_SERVICE_NAME = "otel.service.name";
    static final String OTEL_RESOURCE_ATTRIBUTES = "otel.resource.attributes";

    static final String DEFAULT_HOST = "0.0.0.0";
    static final int DEFAULT_PORT = 9464;
    static final int DEFAULT_SERIES_MAX = 1000;
    static final int DEFAULT_UNMATCHED_REPORT_DELAY = 10;

    private static final Set<String> KNOWN = new HashSet<>();

    static {
        KNOWN.add(CONFIG_FILE);
        KNOWN.add(EXPORTER_HOST);
        KNOWN.add(EXPORTER_PORT);
        KNOWN.add(TIMING_SAMPLE);
        KNOWN.add(SERIES_MAX);
        KNOWN.add(LOG_LEVEL);
        KNOWN.add(STRICT);
        KNOWN.add(UNMATCHED_REPORT_DELAY);
        for (Role role : Role.values()) {
            KNOWN.add(role.settingKey());
            if (role.family().namesKey() != null) {
                KNOWN.add(role.family().namesKey());
            }
        }
    }

    private Settings() {}

    static String enabledKey(String instrumentation) {
        return "bytemeter.instrumentation." + instrumentation + ".enabled";
    }

    static boolean isKnown(String key) {
        return KNOWN.contains(key) || (key.startsWith("bytemeter.instrumentation.") && key.endsWith(".enabled"));
    }
}
