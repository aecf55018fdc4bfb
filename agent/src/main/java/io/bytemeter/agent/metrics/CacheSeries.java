package io.bytemeter.agent.metrics;

import io.bytemeter.bootstrap.CacheCounters;
import io.bytemeter.bootstrap.SampledKeys;
import io.bytemeter.bootstrap.Timing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One cache's counters and histograms, whichever library or role feeds it, and the lines it
 * writes on {@code /metrics} (see {@link CacheMetrics} for how a cache finds its series). Its hit
 * and miss counters are {@link CacheCounters}, which advice may hold and add to itself.
 *
 * <p>Where every get is timed ({@code bytemeter.timing.sample=1}), a timed get is counted by the
 * histogram of its result alone, {@link #getHitDuration} or {@link #getMissDuration}: the counter
 * is the counters' untimed calls plus that histogram's count, and the get histogram on
 * {@code /metrics} is the sum of the three. A hit then costs two adds, not three.
 */
final class CacheSeries extends CacheCounters {

    static final String[] EVICTION_CAUSES = {"size", "expired", "collected"};
    private static final AttributeKey<String> CACHE = AttributeKey.stringKey("cache");
    private static final AttributeKey<String> RESULT = AttributeKey.stringKey("result");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("operation");
    private static final AttributeKey<String> CAUSE = AttributeKey.stringKey("cause");
    private static final AttributeKey<String> COMMAND = AttributeKey.stringKey("command");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final AttributeKey<String> SIZE = AttributeKey.stringKey("size");

    final String name;
    /** What the size gauge reads: the cache, or the map a Spring cache's native cache keeps; null for none. */
    volatile WeakReference<Map<?, ?>> sizeSource;
    final LongAdder puts = new LongAdder();
    final LongAdder deletes = new LongAdder();
    final LongAdder removals = new LongAdder();
    /** Whether the library says what its deletes removed; only then is there a removals series. */
    volatile boolean removalsKnown;
    final LongAdder[] evictions = {new LongAdder(), new LongAdder(), new LongAdder()};
    final LongAdder loadSuccesses = new LongAdder();
    final LongAdder loadFailures = new LongAdder();
    final Buckets buckets;
    /** A cache server's client: its calls are timed as round trips, every one by default. */
    final boolean remote;
    /** In the process, timed as a remote cache is ({@code CacheRecorder.registerTimed}). */
    private final boolean timedAsRemote;
    /** Gets timed one in several, each recorded for the calls since the last ({@link LatencyHistogram#recordSampled}). */
    final LatencyHistogram getDuration;
    /** Where every get is timed: the timed gets that hit, and those that missed, each counted here and nowhere else. */
    final LatencyHistogram getHitDuration;
    final LatencyHistogram getMissDuration;
    final LatencyHistogram putDuration;
    final LatencyHistogram deleteDuration;
    final LatencyHistogram loadDuration = new LatencyHistogram(Buckets.METHOD);
    /** A remote cache's other commands by name, at most {@value CacheMetrics#MAX_COMMANDS}. */
    final Map<String, LatencyHistogram> commands = new ConcurrentHashMap<>();
    /** Failed calls by operation and error type. */
    final Map<List<String>, LongAdder> errors = new ConcurrentHashMap<>();

    /** The miss-ratio curve drawn from the sample of the cache's keys; null when the cache is not sized. */
    final LruMissRatios missRatios;
    /** Lookups whose keys the sample was not offered (a bulk get's), left out of the curve's denominator. */
    final LongAdder lookupsWithoutKey = new LongAdder();
    /** The cache's entry maximum, the middle of its curve's sizes; 0 when it has none or does not say. */
    volatile long maximum;

    /**
     * @param remote a cache server: its calls are round trips, measured from 10 µs
     * @param timedAsRemote in the process, but timed on every call as a remote cache is
     */
    CacheSeries(String name, boolean remote, boolean timedAsRemote) {
        this(name, remote, timedAsRemote, null);
    }

    /** @param keys the sample of the cache's keys its miss-ratio curve is drawn from ({@code bytemeter.cache.sizing}), or null */
    CacheSeries(String name, boolean remote, boolean timedAsRemote, SampledKeys keys) {
        super(keys);
        this.missRatios = keys == null ? null : new LruMissRatios(keys);
        this.name = name;
        this.remote = remote;
        this.timedAsRemote = timedAsRemote;
        this.buckets = remote ? Buckets.RPC : Buckets.CACHE;
        this.getDuration = new LatencyHistogram(buckets);
        this.getHitDuration = new LatencyHistogram(buckets);
        this.getMissDuration = new LatencyHistogram(buckets);
        this.putDuration = new LatencyHistogram(buckets);
        this.deleteDuration = new LatencyHistogram(buckets);
    }

    /**
     * Sizes the series from {@code cache} if it is a map in the process: a remote cache's size is a
     * call to its server, which a scrape must not wait on.
     */
    void sizeFrom(Object cache) {
        if (!remote && cache instanceof Map) {
            sizeSource = new WeakReference<>((Map<?, ?>) cache);
        }
    }

    void recordGets(int hitCount, int missCount, long nanos) {
        if (nanos >= 0 && timesEveryCall()) {
            if (hitCount > 0) {
                getHitDuration.recordWeighted(nanos, hitCount);
            }
            if (missCount > 0) {
                getMissDuration.recordWeighted(nanos, missCount);
            }
            return;
        }
        lookedUp(hitCount, missCount);
        if (nanos >= 0) {
            getDuration.recordSampled(nanos, hits() + misses());
        }
    }

    long hitCount() {
        return hits() + getHitDuration.count();
    }

    long missCount() {
        return misses() + getMissDuration.count();
    }

    void recordPuts(int count, long nanos) {
        puts.add(count);
        putDuration.recordCall(nanos, count, timesEveryCall(), puts);
    }

    void recordDeletes(int count, long nanos) {
        deletes.add(count);
        deleteDuration.recordCall(nanos, count, timesEveryCall(), deletes);
    }

    /**
     * Whether this cache's calls are all timed: then each timed call records the calls it counted
     * (a bulk get's keys), else it stands for the calls since the last timed one.
     */
    private boolean timesEveryCall() {
        return remote || timedAsRemote ? Timing.timesEveryRemoteCall() : Timing.timesEveryCacheCall();
    }

    /** The lines one cache writes; evictions, loads and removals once the library has reported them. */
    static void write(MetricWriter out, CacheSeries s) {
        Attributes cache = Attributes.of(CACHE, s.name);
        out.counter("cache.gets", "Cache lookups by result", "", Attributes.of(CACHE, s.name, RESULT, "hit"), s.hitCount());
        out.counter("cache.gets", "Cache lookups by result", "", Attributes.of(CACHE, s.name, RESULT, "miss"), s.missCount());
        out.counter("cache.puts", "Entries added or replaced", "", cache, s.puts.sum());
        out.counter("cache.deletes", "Delete calls (remove, invalidate, clear), each one", "", cache, s.deletes.sum());
        if (s.removalsKnown) {
            out.counter("cache.removals", "Entries the app's delete calls removed, where the library says", "", cache, s.removals.sum());
        }
        String description = "Duration of cache operations (sampled per bytemeter.timing.sample)";
        out.histogram("cache.operation.duration", description, Attributes.of(CACHE, s.name, OPERATION, "get"),
                s.getDuration, s.getHitDuration, s.getMissDuration);
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
        if (s.missRatios != null) {
            writeSizing(out, s);
        }
        WeakReference<Map<?, ?>> sizeSource = s.sizeSource;
        Map<?, ?> map = sizeSource == null ? null : sizeSource.get();
        if (map != null) {
            int size;
            try {
                size = map.size();
            } catch (RuntimeException e) { // a cache that cannot say now (a data grid's member shutting down): no size this scrape
                return;
            }
            out.gauge("cache.size", "Entries in the cache, as the cache estimates it", "{entry}", cache, size);
        }
    }

    /**
     * The cache's miss-ratio curve: the miss ratio an LRU cache would have had over the lookups
     * since start at a quarter, a half, one, two and four times the cache's maximum; for a cache with
     * none, at the five powers of two up to the first at or above its distinct keys.
     */
    private static void writeSizing(MetricWriter out, CacheSeries s) {
        Attributes cache = Attributes.of(CACHE, s.name);
        out.counter("bytemeter.sizing.dropped", "Sampled keys the sizing thread could not take in time, by cache (bytemeter.cache.sizing)",
                "", cache, s.keys().dropped());
        long distinct = s.missRatios.distinctKeys();
        if (distinct == 0) {
            return;
        }
        out.gauge("cache.distinct.keys", "Distinct keys looked up since start, estimated (bytemeter.cache.sizing)", "{key}",
                cache, distinct);
        long lookups = s.hitCount() + s.missCount() - s.lookupsWithoutKey.sum();
        for (long size : ladder(s.maximum, distinct)) {
            out.gauge("cache.lru.miss_ratio", "The miss ratio an LRU cache of this many entries would have had over the"
                    + " lookups since start (bytemeter.cache.sizing)", "", Attributes.of(CACHE, s.name, SIZE, Long.toString(size)),
                    s.missRatios.missRatio(size, lookups));
        }
    }

    /** The sizes a cache's curve is given at: around its maximum, or else around its distinct keys. */
    static long[] ladder(long maximum, long distinct) {
        if (maximum > 0) {
            return new long[] {Math.max(1, maximum / 4), Math.max(1, maximum / 2), maximum, 2 * maximum, 4 * maximum};
        }
        int top = 64 - Long.numberOfLeadingZeros(Math.max(1, distinct - 1));
        long[] sizes = new long[5];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = 1L << Math.max(0, top - 4 + i);
        }
        return sizes;
    }
}
