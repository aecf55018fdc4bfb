package io.bytemeter.agent;

import io.bytemeter.agent.endpoint.EndpointOptions;
import io.bytemeter.agent.endpoint.MetricsServer;
import io.bytemeter.agent.metrics.AgentMetrics;
import io.bytemeter.agent.metrics.BytemeterMetrics;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /metrics} in the Prometheus text format, or OpenMetrics when the {@code Accept} header
 * asks for it; a scraper that asks for the protobuf format gets text too, which every Prometheus
 * reads (the protobuf writer is left out of the jar). Served by {@link MetricsServer}.
 */
final class PrometheusEndpoint implements MetricsServer.Pages {

    private static final String VERSION = String.valueOf(PrometheusEndpoint.class.getPackage().getImplementationVersion());

    private final Supplier<PrometheusMetricReader> reader;
    private PrometheusRegistry registry;
    private final AgentMetrics agent;
    private final LivePage livePage;
    private final long started = System.currentTimeMillis();
    private MetricsServer server;

    private PrometheusEndpoint(Supplier<PrometheusMetricReader> reader, BytemeterMetrics metrics) {
        this.reader = reader;
        this.agent = metrics.agent();
        this.livePage = new LivePage(metrics);
    }

    /**
     * @param reader builds the SDK and its reader, on the first scrape
     * @throws IOException when the address cannot be bound (the port taken, for example) or a TLS file cannot be used
     */
    static PrometheusEndpoint start(EndpointOptions options, Supplier<PrometheusMetricReader> reader, BytemeterMetrics metrics)
            throws IOException {
        PrometheusEndpoint endpoint = new PrometheusEndpoint(reader, metrics);
        endpoint.server = MetricsServer.start(options, endpoint);
        return endpoint;
    }

    @Override
    public String writeMetrics(OutputStream out, String accept) throws IOException {
        ExpositionFormatWriter writer = accept != null && Formats.OPEN_METRICS.accepts(accept) ? Formats.OPEN_METRICS : Formats.TEXT;
        writer.write(out, withTargetInfoHelp(registry().scrape()), EscapingScheme.fromAcceptHeader(accept));
        return writer.getContentType();
    }

    private synchronized PrometheusRegistry registry() {
        if (registry == null) {
            PrometheusRegistry built = new PrometheusRegistry();
            built.register(reader.get());
            registry = built;
        }
        return registry;
    }

    /** The exporter's {@code target_info} has no HELP line, which {@code promtool check metrics} reports; it gets one. */
    private static MetricSnapshots withTargetInfoHelp(MetricSnapshots snapshots) {
        List<MetricSnapshot> fixed = new ArrayList<>(snapshots.size());
        for (MetricSnapshot snapshot : snapshots) {
            MetricMetadata metadata = snapshot.getMetadata();
            if (snapshot instanceof InfoSnapshot && metadata.getName().equals("target") && metadata.getHelp() == null) {
                snapshot = new InfoSnapshot(new MetricMetadata("target", "The service and process the metrics come from"),
                        ((InfoSnapshot) snapshot).getDataPoints());
            }
            fixed.add(snapshot);
        }
        return new MetricSnapshots(fixed);
    }

    @Override
    public String health() {
        return "{\"status\":\"up\",\"version\":\"" + VERSION + "\",\"uptimeSeconds\":" + (System.currentTimeMillis() - started) / 1000
                + "," + agent.healthMembers() + "}";
    }

    @Override
    public String livePage() {
        return livePage.render();
    }

    int port() {
        return server.port();
    }

    /**
     * Stops the server at the JVM's shutdown: its accepting thread waits in native code, and the
     * JVM's exit waits up to 300 ms for any such thread (measured: a trivial app took 330 ms
     * longer to exit with the endpoint running). Stopped in a shutdown hook, it is gone first.
     *
     * @return false when the app is exiting already (a short one can, before the endpoint is up): stopped now
     */
    boolean stopAtShutdown() {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "bytemeter-endpoint-stop"));
            return true;
        } catch (IllegalStateException shuttingDown) {
            server.close();
            return false;
        }
    }

    /** The exposition formats, loaded with the first scrape. */
    private static final class Formats {
        static final ExpositionFormatWriter TEXT = PrometheusTextFormatWriter.create();
        static final ExpositionFormatWriter OPEN_METRICS = OpenMetricsTextFormatWriter.create();
    }
}
