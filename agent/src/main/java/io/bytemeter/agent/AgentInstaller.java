package io.bytemeter.agent;

import io.bytemeter.agent.endpoint.EndpointOptions;
import io.bytemeter.agent.metrics.AgentMetrics;
import io.bytemeter.agent.metrics.BytemeterMetrics;
import io.bytemeter.bootstrap.MqttTopics;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.AgentLog;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.MethodSpec;
import io.bytemeter.instrumentation.Role;
import io.bytemeter.instrumentation.Sites;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Everything premain starts, in order: settings, the sinks behind the bootstrap recorders, the
 * Prometheus endpoint (on a thread of its own), then the bytecode transformations (Byte Buddy
 * built when the first class it may transform loads). A problem in one step is logged and the
 * rest go on; with {@code bytemeter.strict=true} a wrong setting stops the agent instead (never the app).
 */
final class AgentInstaller {

    private AgentInstaller() {}

    static void install(java.lang.instrument.Instrumentation jvm, Config config) {
        String level = config.string(Settings.LOG_LEVEL, "info");
        try {
            AgentLog.setThreshold(AgentLog.parseLevel(level));
        } catch (IllegalArgumentException e) {
            config.addProblem(Settings.LOG_LEVEL + "=" + level + ": " + e.getMessage() + "; using info");
        }
        boolean strict = config.bool(Settings.STRICT, false);
        // 0, the default: each family times by its own rate (Timing)
        int sampleRate = config.integer(Settings.TIMING_SAMPLE, 0, 0, 1 << 20);
        int maxSeries = config.integer(Settings.SERIES_MAX, Settings.DEFAULT_SERIES_MAX, 1, 1_000_000);
        EndpointOptions endpointOptions = EndpointSettings.read(config);
        int reportDelay = config.integer(Settings.UNMATCHED_REPORT_DELAY, Settings.DEFAULT_UNMATCHED_REPORT_DELAY, 0, 3600);
        String summary = config.string(Settings.SUMMARY, "");
        String summaryProblem = summary.isEmpty() ? null : ExitSummary.problemWith(summary);
        if (summaryProblem != null) {
            config.addProblem(Settings.SUMMARY + "=" + summary + ": " + summaryProblem + "; no summary is written");
            summary = "";
        }
        MqttTopics.install(mqttTopicFilters(config));
        Map<Role.Family, Map<String, String>> names = new EnumMap<>(Role.Family.class);
        for (Role.Family family : Role.Family.values()) {
            if (family.namesKey() != null) {
                names.put(family, config.names(family.namesKey()));
            }
        }
        Map<Role, List<MethodSpec>> specs = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            specs.put(role, config.specs(role.settingKey()));
        }
        List<Instrumentation> enabled = new ArrayList<>();
        List<Instrumentation> disabled = new ArrayList<>();
        Set<String> instrumentationNames = new HashSet<>();
        for (Instrumentation instrumentation : ServiceLoader.load(Instrumentation.class, AgentInstaller.class.getClassLoader())) {
            instrumentationNames.add(instrumentation.name());
            (config.bool(Settings.enabledKey(instrumentation.name()), true) ? enabled : disabled).add(instrumentation);
        }
        config.checkInstrumentationNames(instrumentationNames);
        ServiceResource resource = ServiceResource.from(config);

        for (String problem : config.problems()) {
            AgentLog.warn("setting " + problem);
        }
        if (strict && !config.problems().isEmpty()) {
            AgentLog.error("bytemeter.strict=true and " + config.problems().size()
                    + " setting(s) are wrong: the agent does not start; the app runs without it", null);
            return;
        }

        if (sampleRate == 0) {
            Timing.sampleByDefault();
        } else {
            Timing.sampleOneIn(sampleRate);
        }
        Sites sites = new Sites(names);
        BytemeterMetrics metrics = new BytemeterMetrics(sites, maxSeries, names.get(Role.Family.CACHE), names.get(Role.Family.ID),
                config.bool(Settings.CACHE_SIZING, false));
        metrics.installSinks();
        if (!summary.isEmpty()) {
            ExitSummary.atExit(summary, metrics);
        }
        // the SDK and the server take tens of milliseconds that premain (the app's start) need not wait for
        if (endpointOptions == null) {
            AgentLog.error("the metrics endpoint does not start: its auth or TLS settings are wrong (above); the agent still records", null);
        } else {
            Thread endpoint = new Thread(() -> startEndpoint(endpointOptions, resource, metrics), "bytemeter-endpoint-start");
            endpoint.setDaemon(true);
            endpoint.start();
        }

        InstrumentationContext context = new InstrumentationContext() {
            @Override
            public List<MethodSpec> specs(Role role) {
                return specs.get(role);
            }

            @Override
            public Sites sites() {
                return sites;
            }
        };
        installTransformations(jvm, enabled, disabled, context, metrics.agent());
        UnmatchedSpecReport.schedule(specs, reportDelay);
    }

    private static void startEndpoint(EndpointOptions options, ServiceResource resource, BytemeterMetrics metrics) {
        String address = options.host() + ":" + options.port();
        try {
            PrometheusEndpoint endpoint = PrometheusEndpoint.start(options, () -> sdkReader(resource, metrics), metrics);
            if (!endpoint.stopAtShutdown()) {
                AgentLog.debug("the app exited before the metrics endpoint was up; it is not served");
                return;
            }
            AgentLog.info("serving metrics on " + (options.tls() ? "https" : "http") + "://" + options.host() + ":" + endpoint.port()
                    + "/metrics" + (options.authenticated() ? ", basic auth required" : ""));
        } catch (IOException | RuntimeException | LinkageError e) {
            AgentLog.error("cannot serve metrics on " + address + " (" + Settings.EXPORTER_HOST + ", " + Settings.EXPORTER_PORT
                    + (options.tls() ? ", bytemeter.exporter.tls.*" : "") + "); the app runs on and the agent still records", e);
        }
    }

    /** The OpenTelemetry SDK, built on the first scrape: an app that is never scraped never loads it (4 MiB less at start). */
    private static PrometheusMetricReader sdkReader(ServiceResource resource, BytemeterMetrics metrics) {
        PrometheusMetricReader reader = PrometheusMetricReader.builder().setOtelScopeLabelsEnabled(false).build();
        SdkMeterProvider.builder()
                .setResource(resource.resource())
                .registerMetricReader(reader)
                .registerMetricProducer(metrics)
                .build();
        return reader;
    }

    /**
     * Logs and records each instrumentation's status (the active ones as waiting), then registers
     * the {@link CandidateTransformer}, which builds Byte Buddy when the first class one of them may
     * transform loads (or at once, when such a class has loaded already), and each instrumentation's
     * transformations when its own first candidate loads; not at all when nothing is active.
     */
    private static void installTransformations(java.lang.instrument.Instrumentation jvm, List<Instrumentation> enabled,
            List<Instrumentation> disabled, InstrumentationContext context, AgentMetrics agentMetrics) {
        for (Instrumentation instrumentation : disabled) {
            AgentLog.info("instrumentation " + instrumentation.name() + ": disabled by "
                    + Settings.enabledKey(instrumentation.name()) + "=false");
            agentMetrics.instrumentation(instrumentation.name(), "disabled");
        }
        Map<Instrumentation, CandidateFilter> active = new LinkedHashMap<>();
        Candidates candidates = Candidates.named();
        Set<String> jdkTypes = new HashSet<>();
        for (Instrumentation instrumentation : enabled) {
            String skipped = instrumentation.skippedBecause(context);
            if (skipped != null) {
                AgentLog.info("instrumentation " + instrumentation.name() + ": skipped, " + skipped);
                agentMetrics.instrumentation(instrumentation.name(), "skipped");
                continue;
            }
            Candidates own = instrumentation.candidates(context);
            active.put(instrumentation, new CandidateFilter(own, instrumentation.bootstrapTypes()));
            candidates = candidates.and(own);
            jdkTypes.addAll(instrumentation.bootstrapTypes());
        }
        if (active.isEmpty()) {
            return;
        }
        CandidateTransformer transformer = new CandidateTransformer(jvm, new CandidateFilter(candidates, jdkTypes),
                () -> AdviceTransformer.build(jvm, active, context, agentMetrics));
        for (Instrumentation instrumentation : active.keySet()) {
            AgentLog.info("instrumentation " + instrumentation.name() + ": waiting for " + instrumentation.candidates(context));
            agentMetrics.instrumentation(instrumentation.name(), "waiting");
        }
        transformer.register();
    }

    /** {@code bytemeter.mqtt.topics}: comma-separated MQTT topic filters; one that is not valid is reported and left out. */
    private static String[] mqttTopicFilters(Config config) {
        List<String> filters = new ArrayList<>();
        for (String filter : config.string(Settings.MQTT_TOPICS, "").split(",")) {
            String trimmed = filter.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String problem = MqttTopics.problem(trimmed);
            if (problem == null) {
                filters.add(trimmed);
            } else {
                config.addProblem(Settings.MQTT_TOPICS + ": " + trimmed + " is not a topic filter (" + problem + "); left out");
            }
        }
        return filters.toArray(new String[0]);
    }
}
