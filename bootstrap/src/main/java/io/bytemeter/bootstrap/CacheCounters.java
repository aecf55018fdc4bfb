package io.bytemeter.bootstrap;

import java.util.concurrent.atomic.LongAdder;

/**
 * A cache's exact lookup counters, where advice can reach them: the agent keeps a cache's counters
 * in a field it adds to the library's cache class ({@code AddedField}), so that an untimed hit is
 * one field read and one {@code LongAdder} add inlined into the library's method, as the library's
 * own statistics cost, instead of a call that finds the cache's series by identity.
 */
public class CacheCounters {

    public final LongAdder hits = new LongAdder();
    public final LongAdder misses = new LongAdder();
}
