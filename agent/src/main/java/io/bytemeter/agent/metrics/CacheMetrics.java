package io.bytemeter.agent.metrics;

import io.bytemeter.bootstrap.CacheSink;
import io.bytemeter.instrumentation.Site;
import io.bytemeter.instrumentation.Sites;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cache family, with Micrometer's label names so that its dashboards work:
 *
 * <pre>
 * cache_gets_total{cache="LruCache",result="hit"} 5600.0
 * cache_gets_total{cache="LruCache",result="miss"} 1400.0
 * cache_puts_total{cache="LruCache"} 2000.0
 * cache_deletes_total{cache="LruCache"} 1000.0
 * cache_operation_duration_seconds_bucket{cache="LruCache",operation="get",le="1.0E-6"} 6900
 * </pre>
 */
public final class CacheMetrics implements CacheSink, MetricSource {

    private static final AttributeKey<String> CACHE = AttributeKey.stringKey("cache");
    private static final AttributeKey<String> RESULT = AttributeKey.stringKey("result");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("operation");

    private static final class Series {
        final String name;
        final LongAdder hits = new LongAdder();
        final LongAdder misses = new LongAdder();
        final LongAdder puts = new LongAdder();
        final LongAdder deletes = new LongAdder();
        final LatencyHistogram getDuration = new LatencyHistogram(Buckets.CACHE);
        final LatencyHistogram putDuration = new LatencyHistogram(Buckets.CACHE);
        final LatencyHistogram deleteDuration = new LatencyHistogram(Buckets.CACHE);

        Series(String name) {
            this.name = name;
        }
    }

    private final SiteSeries<Series> series;
    private final AgentMetrics agent;

    public CacheMetrics(Sites sites, AgentMetrics agent) {
        this.series = new SiteSeries<>(sites, Site::name, site -> new Series(site.name()));
        this.agent = agent;
    }

    @Override
    public void get(int site, boolean hit, long nanos) {
        try {
            Series s = series.get(site);
            (hit ? s.hits : s.misses).increment();
            s.getDuration.record(nanos);
        } catch (Throwable t) {
            agent.recorderError("cache.get", t);
        }
    }

    @Override
    public void put(int site, long nanos) {
        try {
            Series s = series.get(site);
            s.puts.increment();
            s.putDuration.record(nanos);
        } catch (Throwable t) {
            agent.recorderError("cache.put", t);
        }
    }

    @Override
    public void delete(int site, long nanos) {
        try {
            Series s = series.get(site);
            s.deletes.increment();
            s.deleteDuration.record(nanos);
        } catch (Throwable t) {
            agent.recorderError("cache.delete", t);
        }
    }

    @Override
    public void collect(MetricWriter out) {
        for (Series s : series.all()) {
            Attributes cache = Attributes.of(CACHE, s.name);
            out.counter("cache.gets", "Cache lookups by result", "",
                    Attributes.of(CACHE, s.name, RESULT, "hit"), s.hits.sum());
            out.counter("cache.gets", "Cache lookups by result", "",
                    Attributes.of(CACHE, s.name, RESULT, "miss"), s.misses.sum());
            out.counter("cache.puts", "Entries added or replaced", "", cache, s.puts.sum());
            out.counter("cache.deletes", "Entries removed by the app", "", cache, s.deletes.sum());
            String description = "Duration of cache operations (sampled per bytemeter.timing.sample)";
            out.histogram("cache.operation.duration", description,
                    Attributes.of(CACHE, s.name, OPERATION, "get"), s.getDuration);
            out.histogram("cache.operation.duration", description,
                    Attributes.of(CACHE, s.name, OPERATION, "put"), s.putDuration);
            out.histogram("cache.operation.duration", description,
                    Attributes.of(CACHE, s.name, OPERATION, "delete"), s.deleteDuration);
        }
    }
}
