package io.bytemeter.agent.metrics;

import io.bytemeter.bootstrap.CacheCounters;
import io.bytemeter.bootstrap.CacheSink;
import io.bytemeter.bootstrap.SampledKeys;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.Site;
import io.bytemeter.instrumentation.Sites;
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


    static final int MAX_COMMANDS = 64;

    private final Sites sites;
    private final SiteSeries<CacheSeries> siteSeries;
    private final InstanceSeries<CacheSeries> librarySeries = new InstanceSeries<>();
    /** Instances of custom cache classes: their methods are often {@code synchronized}, so the first few are scanned. */
    private final InstanceSeries<CacheSeries> roleInstances = new InstanceSeries<>(8);
    private final InstanceSeries<Object> aliases = new InstanceSeries<>();
    /** Clients of cache servers (Redis connections), as they register. */
    private final InstanceSeries<Boolean> remotes = new InstanceSeries<>();
    /** In-process caches whose advice times every call ({@link #timesEveryCall}). */
    private final InstanceSeries<Boolean> timedEveryCall = new InstanceSeries<>();
    /** CacheSeries of caches the library names, by name: every cache of one name (a cache closed and made again) shares one. */
    private final Map<String, CacheSeries> named = new ConcurrentHashMap<>();
    private final InstanceNames names;
    private final AgentMetrics agent;
    private final int maxSeries;
    private final LongAdder dropped;
    private final CacheSeries overflow = new CacheSeries(BoundedSeries.OVERFLOW, false, false);
    /** {@code bytemeter.cache.sizing}: library caches in the process get a miss-ratio curve; null when off. */
    private final CacheSizing sizing;

    /**
     * @param configuredNames {@code bytemeter.cache.names}: class or derived cache name to the name to show
     * @param maxSeries the most library caches with series of their own (an app that builds a cache per
     *     request must not grow the scrape without bound); the rest share {@value BoundedSeries#OVERFLOW}
     * @param sizing {@code bytemeter.cache.sizing}
     */
    public CacheMetrics(Sites sites, AgentMetrics agent, Map<String, String> configuredNames, int maxSeries, boolean sizing) {
        this.sites = sites;
        this.siteSeries = new SiteSeries<>(sites, Site::name, site -> new CacheSeries(site.name(), false, false));
        this.names = new InstanceNames(configuredNames);
        this.agent = agent;
        this.maxSeries = maxSeries;
        this.dropped = agent.droppedCounter("cache.gets");
        this.sizing = sizing ? new CacheSizing(agent) : null;
    }

    @Override
    public void get(int site, Object cache, boolean hit, long nanos) {
        try {
            roleSeries(site, cache).recordGets(hit ? 1 : 0, hit ? 0 : 1, nanos);
        } catch (Throwable t) {
            agent.recorderError("cache.get", t);
        }
    }

    @Override
    public void put(int site, Object cache, long nanos) {
        try {
            roleSeries(site, cache).recordPuts(1, nanos);
        } catch (Throwable t) {
            agent.recorderError("cache.put", t);
        }
    }

    @Override
    public void delete(int site, Object cache, long nanos) {
        try {
            roleSeries(site, cache).recordDeletes(1, nanos);
        } catch (Throwable t) {
            agent.recorderError("cache.delete", t);
        }
    }

    /** A custom cache's series: its instance's, or its site's for a static method. */
    private CacheSeries roleSeries(int site, Object cache) {
        if (cache == null) {
            return siteSeries.get(site);
        }
        CacheSeries s = roleInstances.get(cache);
        // named after the site without creating the site's own series, which would carry the same name
        return s != null ? s : roleInstances.registerCapped(cache,
                () -> unnamedSeries(cache, () -> sites.get(site).name(), false, false), overflow, maxSeries, dropped);
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

    @Override
    public void timesEveryCall(Object cache) {
        try {
            timedEveryCall.register(cache, Boolean.TRUE);
        } catch (Throwable t) {
            agent.recorderError("cache.register", t);
        }
    }

    /** The series of a library cache (or of the cache a part of it reports for), made when it first records. */
    private CacheSeries series(Object cache) {
        CacheSeries s = librarySeries.get(cache);
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
    private synchronized CacheSeries firstRecord(Object cache) {
        CacheSeries s = librarySeries.get(cache);
        if (s != null) {
            return s;
        }
        CacheIdentity identity = CacheIdentity.of(cache);
        for (Object part : identity.parts) {
            aliases.register(part, cache);
        }
        boolean remote = remotes.get(cache) != null || identity.remote;
        boolean everyCall = timedEveryCall.get(cache) != null;
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
                s = librarySeries(cache, names.nameFor(cache, () -> cache.getClass().getSimpleName()), remote, everyCall);
            } else {
                s = librarySeries(cache, libraryName, remote, everyCall);
                named.put(libraryName, s);
            }
        }
        librarySeries.register(cache, s);
        s.sizeFrom(cache);
        for (Object part : identity.parts) {
            s.sizeFrom(part);
            if (s.missRatios != null && s.maximum == 0) {
                s.maximum = CacheMaximum.of(part); // a Spring cache's Caffeine or Guava cache
            }
        }
        return s;
    }

    private CacheSeries unnamedSeries(Object cache, Supplier<String> unremembered, boolean remote, boolean everyCall) {
        CacheSeries s = new CacheSeries(names.nameFor(cache, unremembered), remote, everyCall);
        s.sizeFrom(cache);
        return s;
    }

    /** A library cache's series: with a miss-ratio curve when caches are sized. */
    private CacheSeries librarySeries(Object cache, String name, boolean remote, boolean everyCall) {
        if (sizing == null) {
            return new CacheSeries(name, remote, everyCall);
        }
        CacheSeries s = sizing.sized(name, remote, everyCall);
        s.maximum = CacheMaximum.of(cache);
        return s;
    }

    /** Library series with a name of their own, to hold under {@code maxSeries}. */
    private int seriesCount() {
        Set<CacheSeries> live = Collections.newSetFromMap(new IdentityHashMap<>());
        live.addAll(named.values());
        librarySeries.forEach((instance, s) -> live.add(s));
        live.remove(overflow);
        return live.size();
    }

    @Override
    public void get(Object cache, Object key, int hits, int misses, long nanos) {
        get(null, cache, key, hits, misses, nanos);
    }

    @Override
    public CacheCounters get(CacheCounters counters, Object cache, Object key, int hits, int misses, long nanos) {
        try {
            CacheSeries s = counters != null ? (CacheSeries) counters : series(cache);
            s.recordGets(hits, misses, nanos);
            SampledKeys keys = s.keys();
            if (keys != null && key != null) {
                keys.lookedUp(key);
            } else if (keys != null) {
                s.lookupsWithoutKey.add(hits + misses);
            }
            return s;
        } catch (Throwable t) {
            agent.recorderError("cache.get", t);
            return null;
        }
    }

    @Override
    public void put(Object cache, Object key, int count, long nanos) {
        try {
            CacheSeries s = series(cache);
            s.recordPuts(count, nanos);
            SampledKeys keys = s.keys();
            if (keys != null) {
                keys.put(key);
            }
        } catch (Throwable t) {
            agent.recorderError("cache.put", t);
        }
    }

    @Override
    public void delete(Object cache, int calls, int removed, long nanos) {
        try {
            CacheSeries s = series(cache);
            s.recordDeletes(calls, nanos);
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
            CacheSeries s = series(cache);
            (success ? s.loadSuccesses : s.loadFailures).increment();
            s.loadDuration.record(nanos);
        } catch (Throwable t) {
            agent.recorderError("cache.load", t);
        }
    }

    @Override
    public void removal(Object cache, String cause) {
        try {
            for (int i = 0; i < CacheSeries.EVICTION_CAUSES.length; i++) {
                if (CacheSeries.EVICTION_CAUSES[i].equalsIgnoreCase(cause)) {
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
            CacheSeries s = series(cache);
            LatencyHistogram histogram = s.commands.get(command);
            if (histogram == null) {
                if (s.commands.size() >= MAX_COMMANDS) {
                    return;
                }
                histogram = s.commands.computeIfAbsent(command, c -> new LatencyHistogram(s.buckets));
            }
            histogram.recordWeighted(nanos, Timing.remoteInterval());
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
        Set<CacheSeries> written = Collections.newSetFromMap(new IdentityHashMap<>());
        for (CacheSeries s : siteSeries.all()) {
            CacheSeries.write(out, s);
        }
        for (CacheSeries s : named.values()) {
            written.add(s);
            CacheSeries.write(out, s);
        }
        for (InstanceSeries<CacheSeries> instances : List.of(librarySeries, roleInstances)) {
            instances.forEach((instance, s) -> {
                if (written.add(s)) {
                    CacheSeries.write(out, s);
                }
            });
        }
    }
}
