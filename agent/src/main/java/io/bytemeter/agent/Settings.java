package io.bytemeter.agent;

import io.bytemeter.instrumentation.Role;
import java.util.HashSet;
import java.util.Set;

/** The keys the agent reads. Each is in {@code docs/settings.md} with its default ({@code DocumentationTest} checks). */
final class Settings {

    static final String CONFIG_FILE = "bytemeter.config";
    static final String EXPORTER_HOST = "bytemeter.exporter.host";
    static final String EXPORTER_PORT = "bytemeter.exporter.port";
    static final String EXPORTER_CONNECTIONS = "bytemeter.exporter.connections";
    static final String EXPORTER_TIMEOUT = "bytemeter.exporter.timeout";
    static final String EXPORTER_HEALTH_PUBLIC = "bytemeter.exporter.health.public";
    static final String EXPORTER_AUTH_USERNAME = "bytemeter.exporter.auth.username";
    static final String EXPORTER_AUTH_PASSWORD = "bytemeter.exporter.auth.password";
    static final String EXPORTER_AUTH_PASSWORD_HASH = "bytemeter.exporter.auth.password.hash";
    static final String EXPORTER_TLS_KEYSTORE = "bytemeter.exporter.tls.keystore";
    static final String EXPORTER_TLS_KEYSTORE_TYPE = "bytemeter.exporter.tls.keystore.type";
    static final String EXPORTER_TLS_KEYSTORE_PASSWORD = "bytemeter.exporter.tls.keystore.password";
    static final String EXPORTER_TLS_CERTIFICATE = "bytemeter.exporter.tls.certificate";
    static final String EXPORTER_TLS_KEY = "bytemeter.exporter.tls.key";
    static final String EXPORTER_TLS_CLIENT_CA = "bytemeter.exporter.tls.client.ca";
    static final String TIMING_SAMPLE = "bytemeter.timing.sample";
    static final String SERIES_MAX = "bytemeter.series.max";
    static final String LOG_LEVEL = "bytemeter.log.level";
    static final String STRICT = "bytemeter.strict";
    static final String UNMATCHED_REPORT_DELAY = "bytemeter.unmatched.report.delay";
    static final String SUMMARY = "bytemeter.summary";
    static final String MQTT_TOPICS = "bytemeter.mqtt.topics";
    static final String CACHE_SIZING = "bytemeter.cache.sizing";
    static final String OTEL_SERVICE_NAME = "otel.service.name";
    static final String OTEL_RESOURCE_ATTRIBUTES = "otel.resource.attributes";

    static final String DEFAULT_HOST = "0.0.0.0";
    static final int DEFAULT_PORT = 9464;
    static final int DEFAULT_EXPORTER_CONNECTIONS = 32;
    static final int DEFAULT_EXPORTER_TIMEOUT = 5;
    static final int DEFAULT_SERIES_MAX = 1000;
    static final int DEFAULT_UNMATCHED_REPORT_DELAY = 10;

    private static final Set<String> KNOWN = new HashSet<>();

    static {
        KNOWN.add(CONFIG_FILE);
        KNOWN.add(EXPORTER_HOST);
        KNOWN.add(EXPORTER_PORT);
        KNOWN.addAll(Set.of(EXPORTER_CONNECTIONS, EXPORTER_TIMEOUT, EXPORTER_HEALTH_PUBLIC, EXPORTER_AUTH_USERNAME,
                EXPORTER_AUTH_PASSWORD, EXPORTER_AUTH_PASSWORD_HASH, EXPORTER_TLS_KEYSTORE, EXPORTER_TLS_KEYSTORE_TYPE,
                EXPORTER_TLS_KEYSTORE_PASSWORD, EXPORTER_TLS_CERTIFICATE, EXPORTER_TLS_KEY, EXPORTER_TLS_CLIENT_CA));
        KNOWN.add(TIMING_SAMPLE);
        KNOWN.add(SERIES_MAX);
        KNOWN.add(LOG_LEVEL);
        KNOWN.add(STRICT);
        KNOWN.add(UNMATCHED_REPORT_DELAY);
        KNOWN.add(SUMMARY);
        KNOWN.add(MQTT_TOPICS);
        KNOWN.add(CACHE_SIZING);
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

    /** Every key but the per-instrumentation {@link #enabledKey(String) switches}. */
    static Set<String> keys() {
        return Set.copyOf(KNOWN);
    }

    static boolean isKnown(String key) {
        return KNOWN.contains(key) || (key.startsWith("bytemeter.instrumentation.") && key.endsWith(".enabled"));
    }
}
