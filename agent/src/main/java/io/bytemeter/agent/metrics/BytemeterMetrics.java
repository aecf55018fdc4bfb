package io.bytemeter.agent.metrics;

import io.bytemeter.bootstrap.CacheRecorder;
import io.bytemeter.bootstrap.IdRecorder;
import io.bytemeter.bootstrap.MessagingRecorder;
import io.bytemeter.bootstrap.MethodRecorder;
import io.bytemeter.bootstrap.RpcRecorder;
import io.bytemeter.instrumentation.Sites;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * All of the agent's metrics: the sinks behind the bootstrap recorders, and the
 * {@link MetricProducer} through which the OpenTelemetry SDK reads them at each scrape.
 */
public final class BytemeterMetrics implements MetricProducer {

    private final AgentMetrics agent = new AgentMetrics();
    private final List<MetricSource> sources;
    private final CacheMetrics cache;
    private final IdMetrics id;
    private final MessagingMetrics messaging;
    private final MethodMetrics method;
    private final RpcMetrics rpc;
    private final boolean cacheSizing;
    private final long startEpochNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());

    /**
     * @param maxSeries the cap on series per instrument for label values that come from the app
     * @param cacheNames {@code bytemeter.cache.names}, which also renames library caches
     * @param idNames {@code bytemeter.id.names}, which also renames library generators
     * @param cacheSizing {@code bytemeter.cache.sizing}: library caches get miss-ratio curves
     */
    public BytemeterMetrics(Sites sites, int maxSeries, Map<String, String> cacheNames, Map<String, String> idNames,
            boolean cacheSizing) {
        cache = new CacheMetrics(sites, agent, cacheNames, maxSeries, cacheSizing);
        this.cacheSizing = cacheSizing;
        id = new IdMetrics(sites, agent, idNames, maxSeries);
        messaging = new MessagingMetrics(sites, agent, maxSeries);
        method = new MethodMetrics(sites, agent, maxSeries);
        rpc = new RpcMetrics(agent, maxSeries);
        sources = List.of(cache, id, messaging, rpc, method, agent);
    }

    /** Points the bootstrap recorders at these sinks; from here on, advice records. */
    public void installSinks() {
        CacheRecorder.install(cache);
        if (cacheSizing) {
            CacheRecorder.wantKeys();
        }
        IdRecorder.install(id);
        MessagingRecorder.install(messaging);
        MethodRecorder.install(method);
        RpcRecorder.install(rpc);
    }

    public AgentMetrics agent() {
        return agent;
    }

    @Override
    public Collection<MetricData> produce(Resource resource) {
        MetricWriter out = new MetricWriter(resource, startEpochNanos,
                TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()));
        for (MetricSource source : sources) {
            source.collect(out);
        }
        return out.metrics();
    }
}
