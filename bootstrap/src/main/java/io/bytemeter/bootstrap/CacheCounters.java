package io.bytemeter.bootstrap;

/**
 * A cache's exact lookup counters, where advice can reach them: the agent keeps a cache's counters
 * in a field it adds to the library's cache class ({@code AddedField}), so that an untimed hit is
 * one field read and one add inlined into the library's method, as the library's own statistics
 * cost, instead of a call that finds the cache's series by identity. The adds go to the calling
 * thread's own stripe ({@link OwnedStripes}): no atomic instruction, and no line two threads write.
 */
public class CacheCounters {

    private static final int HITS = 0;
    private static final int MISSES = 1;

    private final OwnedStripes lookups = new OwnedStripes(2);
    /** The sample of the cache's keys its miss-ratio curve is drawn from; null when sizing is off. */
    private final SampledKeys keys;

    /** @param keys the cache's key sample ({@code bytemeter.cache.sizing}), or null */
    protected CacheCounters(SampledKeys keys) {
        this.keys = keys;
    }

    /** One lookup of {@code key}, a hit or a miss. */
    public final void lookedUp(Object key, boolean hit) {
        lookups.add(lookups.stripe(), hit ? HITS : MISSES, 1);
        SampledKeys sample = keys;
        if (sample != null) {
            sample.lookedUp(key);
        }
    }

    /** The sample of the cache's keys, or null when the cache is not sized. */
    public final SampledKeys keys() {
        return keys;
    }

    /** A lookup of several keys: {@code hits} of them found, {@code misses} not. */
    public final void lookedUp(int hits, int misses) {
        int stripe = lookups.stripe();
        if (hits > 0) {
            lookups.add(stripe, HITS, hits);
        }
        if (misses > 0) {
            lookups.add(stripe, MISSES, misses);
        }
    }

    public final long hits() {
        return lookups.total(HITS);
    }

    public final long misses() {
        return lookups.total(MISSES);
    }
}
