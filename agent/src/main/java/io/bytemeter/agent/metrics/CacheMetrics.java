package io.bytemeter.agent.metrics;

import io.bytemeter.bootstrap.CacheSink;
import io.bytemeter.instrumentation.Site;
import io.bytemeter.instrumentation.Sites;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The cache family, with Micrometer's label names so that its dashboards work. Library caches and
 * instances of custom cache classes (roles) have a series per instance, held weakly; a static
 * custom cache method, its site's:
 *
 * <pre>
 * cache_gets_total{cache="sessions",result="hit"} 5600.0
 * cache_gets_total{cache="sessions",result="miss"} 1400.0
 * cache_puts_total{cache="sessions"} 2000.0
 * cache_deletes_total{cache="sessions"} 1000.0
 * cache_evictions_total{cache="CacheDemo#main",cause="size"} 310.0
 * cache_loads_total{cache="CacheDemo#main",result="success"} 1400.0
 * cache_size{cache="CacheDemo#main"} 1000
 * cache_operation_duration_seconds_bucket{cache="sessions",operation="get",le="1.0E-6"} 6900
 * cache_load_duration_seconds_count{cache="CacheDemo#main"} 1400
 * </pre>
 */
public final class CacheMetrics implements CacheSink, MetricSource {

    // Evictions and loads appear once a cache has had one: libraries whose evictions the agent
    // does not see (Ehcache, JCache) then show none rather than a misleading zero.

    private static final AttributeKey<String> CACHE = AttributeKey.stringKey("cache");
    private static final AttributeKey<String> RESULT = AttributeKey.stringKey("result");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("operation");
    private static final AttributeKey<String> CAUSE = AttributeKey.stringKey("cause");
    private static final String[] EVICTION_CAUSES = {"size", "expired", "collected"};

    private static final class Series {
        final String name;
        final WeakReference<Object> instance;
        final LongAdder hits = new LongAdder();
        final LongAdder misses = new LongAdder();
        final LongAdder puts = new LongAdder();
        final LongAdder deletes = new LongAdder();
        final LongAdder removals = new LongAdder();
        /** Whether the library says what its deletes removed; only then is there a removals series. */
        volatile boolean removalsKnown;
        final LongAdder[] evictions = {new LongAdder(), new LongAdder(), new LongAdder()};
        final LongAdder loadSuccesses = new LongAdder();
        final LongAdder loadFailures = new LongAdder();
        final LatencyHistogram getDuration = new LatencyHistogram(Buckets.CACHE);
        final LatencyHistogram putDuration = new LatencyHistogram(Buckets.CACHE);
        final LatencyHistogram deleteDuration = new LatencyHistogram(Buckets.CACHE);
        final LatencyHistogram loadDuration = new LatencyHistogram(Buckets.METHOD);

        Series(String name, Object instance) {
            this.name = name;
            this.instance = instance == null ? null : new WeakReference<>(instance);
        }
    }

    private final Sites sites;
    private final SiteSeries<Series> siteSeries;
    private final InstanceSeries<Series> librarySeries = new InstanceSeries<>();
    /** Instances of custom cache classes: their methods are often {@code synchronized}, so the first few are scanned. */
    private final InstanceSeries<Series> roleInstances = new InstanceSeries<>(8);
    private final InstanceSeries<Object> aliases = new InstanceSeries<>();
    private final InstanceNames names;
    private final AgentMetrics agent;
    private final int maxSeries;
    private final LongAdder dropped;
    private final Series overflow = new Series(BoundedSeries.OVERFLOW, null);

    /**
     * @param configuredNames {@code bytemeter.cache.names}: class or derived cache name to the name to show
     * @param maxSeries the most library caches with series of their own (an app that builds a cache per
     *     request must not grow the scrape without bound); the rest share {@value BoundedSeries#OVERFLOW}
     */
    public CacheMetrics(Sites sites, AgentMetrics agent, Map<String, String> configuredNames, int maxSeries) {
        this.sites = sites;
        this.siteSeries = new SiteSeries<>(sites, Site::name, site -> new Series(site.name(), null));
        this.names = new InstanceNames(configuredNames);
        this.agent = agent;
        this.maxSeries = maxSeries;
        this.dropped = agent.droppedCounter("cache.gets");
    }

    @Override
    public void get(int site, Object cache, boolean hit, long nanos) {
        try {
            recordGets(roleSeries(site, cache), hit ? 1 : 0, hit ? 0 : 1, nanos);
        } catch (Throwable t) {
            agent.recorderError("cache.get", t);
        }
    }

    @Override
    public void put(int site, Object cache, long nanos) {
        try {
            recordPuts(roleSeries(site, cache), 1, nanos);
        } catch (Throwable t) {
            agent.recorderError("cache.put", t);
        }
    }

    @Override
    public void delete(int site, Object cache, long nanos) {
        try {
            recordDeletes(roleSeries(site, cache), 1, nanos);
        } catch (Throwable t) {
            agent.recorderError("cache.delete", t);
        }
    }

    /** A custom cache's series: its instance's, or its site's for a static method. */
    private Series roleSeries(int site, Object cache) {
        if (cache == null) {
            return siteSeries.get(site);
        }
        Series s = roleInstances.get(cache);
        // named after the site without creating the site's own series, which would carry the same name
        return s != null ? s : firstRecord(roleInstances, cache, () -> sites.get(site).name());
    }

    private static void recordGets(Series s, int hits, int misses, long nanos) {
        if (hits > 0) {
            s.hits.add(hits);
        }
        if (misses > 0) {
            s.misses.add(misses);
        }
        s.getDuration.record(nanos);
    }

    private static void recordPuts(Series s, int count, long nanos) {
        s.puts.add(count);
        s.putDuration.record(nanos);
    }

    private static void recordDeletes(Series s, int count, long nanos) {
        s.deletes.add(count);
        s.deleteDuration.record(nanos);
    }

    @Override
    public void register(Object cache, String library, String name) {
        try {
            names.remember(cache, library, null, name);
        } catch (Throwable t) {
            agent.recorderError("cache.register", t);
        }
    }

    @Override
    public void alias(Object inner, Object cache) {
        try {
            aliases.register(inner, cache);
        } catch (Throwable t) {
            agent.recorderError("cache.register", t);
        }
    }

    /** The series of a library cache (or of the cache a part of it reports for), made when it first records. */
    private Series series(Object cache) {
        Series s = librarySeries.get(cache);
        if (s != null) {
            return s;
        }
        Object outer = aliases.get(cache);
        return outer != null ? series(outer) : firstRecord(librarySeries, cache,
                () -> jcacheName(cache).orElse(cache.getClass().getSimpleName()));
    }

    /** @param unremembered the name of a cache whose construction was not seen (built before the agent) */
    private Series firstRecord(InstanceSeries<Series> instances, Object cache, Supplier<String> unremembered) {
        return instances.registerCapped(cache, () -> new Series(names.nameFor(cache, unremembered), cache), overflow,
                maxSeries, dropped);
    }

    @Override
    public void get(Object cache, int hits, int misses, long nanos) {
        try {
            recordGets(series(cache), hits, misses, nanos);
        } catch (Throwable t) {
            agent.recorderError("cache.get", t);
        }
    }

    @Override
    public void put(Object cache, int count, long nanos) {
        try {
            recordPuts(series(cache), count, nanos);
        } catch (Throwable t) {
            agent.recorderError("cache.put", t);
        }
    }

    @Override
    public void delete(Object cache, int calls, int removed, long nanos) {
        try {
            Series s = series(cache);
            recordDeletes(s, calls, nanos);
            if (removed >= 0) {
                s.removals.add(removed);
                if (!s.removalsKnown) {
                    s.removalsKnown = true;
                }
            }
        } catch (Throwable t) {
            agent.recorderError("cache.delete", t);
        }
    }

    @Override
    public void load(Object cache, boolean success, long nanos) {
        try {
            Series s = series(cache);
            (success ? s.loadSuccesses : s.loadFailures).increment();
            s.loadDuration.record(nanos);
        } catch (Throwable t) {
            agent.recorderError("cache.load", t);
        }
    }

    @Override
    public void removal(Object cache, String cause) {
        try {
            for (int i = 0; i < EVICTION_CAUSES.length; i++) {
                if (EVICTION_CAUSES[i].equalsIgnoreCase(cause)) {
                    series(cache).evictions[i].increment();
                    return;
                }
            }
        } catch (Throwable t) {
            agent.recorderError("cache.eviction", t);
        }
    }

    @Override
    public void collect(MetricWriter out) {
        for (Series s : siteSeries.all()) {
            write(out, s, null);
        }
        Set<Series> written = Collections.newSetFromMap(new IdentityHashMap<>());
        for (InstanceSeries<Series> instances : List.of(librarySeries, roleInstances)) {
            instances.forEach((instance, s) -> {
                if (written.add(s)) {
                    write(out, s, s == overflow ? null : instance);
                }
            });
        }
    }

    private static void write(MetricWriter out, Series s, Object instance) {
        Attributes cache = Attributes.of(CACHE, s.name);
        out.counter("cache.gets", "Cache lookups by result", "", Attributes.of(CACHE, s.name, RESULT, "hit"), s.hits.sum());
        out.counter("cache.gets", "Cache lookups by result", "", Attributes.of(CACHE, s.name, RESULT, "miss"), s.misses.sum());
        out.counter("cache.puts", "Entries added or replaced", "", cache, s.puts.sum());
        out.counter("cache.deletes", "Delete calls (remove, invalidate, clear), each one", "", cache, s.deletes.sum());
        if (s.removalsKnown) {
            out.counter("cache.removals", "Entries the app's delete calls removed, where the library says", "", cache, s.removals.sum());
        }
        String description = "Duration of cache operations (sampled per bytemeter.timing.sample)";
        out.histogram("cache.operation.duration", description, Attributes.of(CACHE, s.name, OPERATION, "get"), s.getDuration);
        out.histogram("cache.operation.duration", description, Attributes.of(CACHE, s.name, OPERATION, "put"), s.putDuration);
        out.histogram("cache.operation.duration", description, Attributes.of(CACHE, s.name, OPERATION, "delete"), s.deleteDuration);
        if (s.evictions[0].sum() + s.evictions[1].sum() + s.evictions[2].sum() > 0) {
            for (int i = 0; i < EVICTION_CAUSES.length; i++) {
                out.counter("cache.evictions", "Entries the cache removed by itself, by cause", "",
                        Attributes.of(CACHE, s.name, CAUSE, EVICTION_CAUSES[i]), s.evictions[i].sum());
            }
        }
        if (s.loadSuccesses.sum() + s.loadFailures.sum() > 0) {
            out.counter("cache.loads", "Values loaded on a miss, by result", "",
                    Attributes.of(CACHE, s.name, RESULT, "success"), s.loadSuccesses.sum());
            out.counter("cache.loads", "Values loaded on a miss, by result", "",
                    Attributes.of(CACHE, s.name, RESULT, "failure"), s.loadFailures.sum());
        }
        out.histogram("cache.load.duration", "Duration of loads", cache, s.loadDuration);
        if (instance instanceof Map) {
            out.gauge("cache.size", "Entries in the cache, as the cache estimates it", "{entry}", cache, ((Map<?, ?>) instance).size());
        }
    }

    /** A JCache {@code javax.cache.Cache} names itself; read it through the interface, once. */
    private static Optional<String> jcacheName(Object cache) {
        for (Class<?> type = cache.getClass(); type != null; type = type.getSuperclass()) {
            for (Class<?> implemented : type.getInterfaces()) {
                if (implemented.getName().equals("javax.cache.Cache")) {
                    try {
                        Method getName = implemented.getMethod("getName");
                        return Optional.ofNullable((String) getName.invoke(cache));
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.empty();
    }
}
