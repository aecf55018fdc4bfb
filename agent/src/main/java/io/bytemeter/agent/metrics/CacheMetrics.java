package io.bytemeter.agent.metrics;

import io.bytemeter.bootstrap.CacheSink;
import io.bytemeter.instrumentation.Site;
import io.bytemeter.instrumentation.Sites;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The cache family, with Micrometer's label names so that its dashboards work. Caches the library
 * names (JCache, Spring, Ehcache aliases, Redis servers) share one series per name; other library
 * caches and instances of custom cache classes (roles) have a series per instance, held weakly; a
 * static custom cache method, its site's:
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
 * cache_command_duration_seconds_count{cache="redis://127.0.0.1:6379/0",command="INCR"} 480
 * cache_errors_total{cache="redis://127.0.0.1:6379/0",error_type="JedisConnectionException",operation="GET"} 30.0
 * </pre>
 */
public final class CacheMetrics implements CacheSink, MetricSource {

    // Evictions and loads appear once a cache has had one: libraries whose evictions the agent
    // does not see (Ehcache, JCache) then show none rather than a misleading zero.

    private static final AttributeKey<String> CACHE = AttributeKey.stringKey("cache");
    private static final AttributeKey<String> RESULT = AttributeKey.stringKey("result");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("operation");
    private static final AttributeKey<String> CAUSE = AttributeKey.stringKey("cause");
    private static final AttributeKey<String> COMMAND = AttributeKey.stringKey("command");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final String[] EVICTION_CAUSES = {"size", "expired", "collected"};

    private static final class Series {
        final String name;
        /** What the size gauge reads: the cache, or the map a Spring cache's native cache keeps; null for none. */
        volatile WeakReference<Map<?, ?>> sizeSource;
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
        final Buckets buckets;
        final LatencyHistogram getDuration;
        final LatencyHistogram putDuration;
        final LatencyHistogram deleteDuration;
        final LatencyHistogram loadDuration = new LatencyHistogram(Buckets.METHOD);
        /** A remote cache's other commands by name, at most {@value #MAX_COMMANDS}. */
        final Map<String, LatencyHistogram> commands = new ConcurrentHashMap<>();
        /** Failed calls by operation and error type. */
        final Map<List<String>, LongAdder> errors = new ConcurrentHashMap<>();

        /** @param remote a cache server: its calls are round trips, measured from 10 µs */
        Series(String name, boolean remote) {
            this.name = name;
            this.buckets = remote ? Buckets.RPC : Buckets.CACHE;
            this.getDuration = new LatencyHistogram(buckets);
            this.putDuration = new LatencyHistogram(buckets);
            this.deleteDuration = new LatencyHistogram(buckets);
        }

        void sizeFrom(Object cache) {
            if (cache instanceof Map) {
                sizeSource = new WeakReference<>((Map<?, ?>) cache);
            }
        }
    }

    private static final int MAX_COMMANDS = 64;

    private final Sites sites;
    private final SiteSeries<Series> siteSeries;
    private final InstanceSeries<Series> librarySeries = new InstanceSeries<>();
    /** Instances of custom cache classes: their methods are often {@code synchronized}, so the first few are scanned. */
    private final InstanceSeries<Series> roleInstances = new InstanceSeries<>(8);
    private final InstanceSeries<Object> aliases = new InstanceSeries<>();
    /** Clients of cache servers (Redis connections), as they register. */
    private final InstanceSeries<Boolean> remotes = new InstanceSeries<>();
    /** Series of caches the library names, by name: every cache of one name (a cache closed and made again) shares one. */
    private final Map<String, Series> named = new ConcurrentHashMap<>();
    private final InstanceNames names;
    private final AgentMetrics agent;
    private final int maxSeries;
    private final LongAdder dropped;
    private final Series overflow = new Series(BoundedSeries.OVERFLOW, false);

    /**
     * @param configuredNames {@code bytemeter.cache.names}: class or derived cache name to the name to show
     * @param maxSeries the most library caches with series of their own (an app that builds a cache per
     *     request must not grow the scrape without bound); the rest share {@value BoundedSeries#OVERFLOW}
     */
    public CacheMetrics(Sites sites, AgentMetrics agent, Map<String, String> configuredNames, int maxSeries) {
        this.sites = sites;
        this.siteSeries = new SiteSeries<>(sites, Site::name, site -> new Series(site.name(), false));
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
        return s != null ? s : roleInstances.registerCapped(cache,
                () -> unnamedSeries(cache, () -> sites.get(site).name(), false), overflow, maxSeries, dropped);
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
    public void register(Object cache, String library, String name, boolean remote) {
        try {
            names.remember(cache, library, null, name);
            if (remote) {
                remotes.register(cache, Boolean.TRUE);
            }
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
        return outer != null ? series(outer) : firstRecord(cache);
    }

    /**
     * A cache's first record: a cache the library names (JCache, Spring, Ehcache, a Redis server)
     * joins the series of that name; another gets a series of its own, named where it was built.
     */
    private synchronized Series firstRecord(Object cache) {
        Series s = librarySeries.get(cache);
        if (s != null) {
            return s;
        }
        CacheIdentity identity = CacheIdentity.of(cache);
        for (Object part : identity.parts) {
            aliases.register(part, cache);
        }
        boolean remote = remotes.get(cache) != null || identity.remote;
        String libraryName = names.libraryName(cache);
        if (libraryName == null && identity.name != null) {
            libraryName = names.shown(identity.name);
        }
        s = libraryName == null ? null : named.get(libraryName);
        if (s == null) {
            if (seriesCount() >= maxSeries) {
                dropped.increment();
                return librarySeries.register(cache, overflow);
            }
            if (libraryName == null) {
                s = unnamedSeries(cache, () -> cache.getClass().getSimpleName(), remote);
            } else {
                s = new Series(libraryName, remote);
                named.put(libraryName, s);
            }
        }
        librarySeries.register(cache, s);
        s.sizeFrom(cache);
        for (Object part : identity.parts) {
            s.sizeFrom(part);
        }
        return s;
    }

    private Series unnamedSeries(Object cache, Supplier<String> unremembered, boolean remote) {
        Series s = new Series(names.nameFor(cache, unremembered), remote);
        s.sizeFrom(cache);
        return s;
    }

    /** Library series with a name of their own, to hold under {@code maxSeries}. */
    private int seriesCount() {
        Set<Series> live = Collections.newSetFromMap(new IdentityHashMap<>());
        live.addAll(named.values());
        librarySeries.forEach((instance, s) -> live.add(s));
        live.remove(overflow);
        return live.size();
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
    public void command(Object cache, String command, long nanos) {
        try {
            Series s = series(cache);
            LatencyHistogram histogram = s.commands.get(command);
            if (histogram == null) {
                if (s.commands.size() >= MAX_COMMANDS) {
                    return;
                }
                histogram = s.commands.computeIfAbsent(command, c -> new LatencyHistogram(s.buckets));
            }
            histogram.record(nanos);
        } catch (Throwable t) {
            agent.recorderError("cache.command", t);
        }
    }

    @Override
    public void error(Object cache, String operation, String errorType) {
        try {
            series(cache).errors.computeIfAbsent(List.of(operation, errorType), k -> new LongAdder()).increment();
        } catch (Throwable t) {
            agent.recorderError("cache.error", t);
        }
    }

    @Override
    public void collect(MetricWriter out) {
        Set<Series> written = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Series s : siteSeries.all()) {
            write(out, s);
        }
        for (Series s : named.values()) {
            written.add(s);
            write(out, s);
        }
        for (InstanceSeries<Series> instances : List.of(librarySeries, roleInstances)) {
            instances.forEach((instance, s) -> {
                if (written.add(s)) {
                    write(out, s);
                }
            });
        }
    }

    private static void write(MetricWriter out, Series s) {
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
        s.commands.forEach((command, histogram) -> out.histogram("cache.command.duration",
                "Duration of a cache server's other commands, by name (sampled per bytemeter.timing.sample)",
                Attributes.of(CACHE, s.name, COMMAND, command), histogram));
        s.errors.forEach((key, count) -> out.counter("cache.errors", "Cache calls that failed, by operation and error type", "",
                Attributes.of(CACHE, s.name, OPERATION, key.get(0), ERROR_TYPE, key.get(1)), count.sum()));
        WeakReference<Map<?, ?>> sizeSource = s.sizeSource;
        Map<?, ?> map = sizeSource == null ? null : sizeSource.get();
        if (map != null) {
            out.gauge("cache.size", "Entries in the cache, as the cache estimates it", "{entry}", cache, map.size());
        }
    }
}
