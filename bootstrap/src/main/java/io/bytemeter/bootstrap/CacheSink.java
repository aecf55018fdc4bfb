package io.bytemeter.bootstrap;

/**
 * Receives cache operations. Custom caches named by role are identified by {@code site}, the
 * instrumented method; library caches by the cache instance itself. {@code nanos} is the call's
 * duration or {@link Timing#NO_DURATION}.
 */
public interface CacheSink {

    /**
     * A custom cache's get ({@code bytemeter.cache.get}): {@code cache} is the instance, or null for
     * a static method, which counts for the site's series.
     */
    void get(int site, Object cache, boolean hit, long nanos);

    void put(int site, Object cache, long nanos);

    void delete(int site, Object cache, long nanos);

    /**
     * A library cache came into being; {@code name} is the library's own name for it, or null.
     * {@code remote} for a client of a cache server (a Redis connection): its calls are network round trips.
     */
    void register(Object cache, String library, String name, boolean remote);

    /**
     * {@code cache}, in the process, is timed on every call as a remote cache is (a data grid's map
     * on a member, {@link CacheRecorder#enterTimedFacade()}): each timed call records for itself.
     */
    void timesEveryCall(Object cache);

    /**
     * {@code inner} is a part of {@code cache} that reports for it (Ehcache's store, or the Ehcache
     * behind a JCache cache): what is recorded against {@code inner} counts for {@code cache}.
     */
    void alias(Object inner, Object cache);

    /**
     * Lookups: {@code key} is the one key looked up, for the cache's miss-ratio curve
     * ({@link SampledKeys}), or null for a bulk call's.
     */
    void get(Object cache, Object key, int hits, int misses, long nanos);

    /**
     * A lookup of a cache whose counters advice holds ({@link CacheCounters}), or null while it has
     * none yet: counted and recorded like {@link #get(Object, Object, int, int, long)}.
     *
     * @return the cache's counters, for the advice to keep; null when it has none
     */
    CacheCounters get(CacheCounters counters, Object cache, Object key, int hits, int misses, long nanos);

    /** Puts: {@code key} is the one key put, or null for a bulk call's. */
    void put(Object cache, Object key, int count, long nanos);

    /**
     * Delete calls ({@code remove}, {@code invalidate}, {@code clear}: each one call) and the
     * entries they removed, when the library says ({@code -1} when it does not).
     */
    void delete(Object cache, int calls, int removed, long nanos);

    void load(Object cache, boolean success, long nanos);

    /** An entry left the cache; {@code cause} is the library's removal cause (explicit ones are ignored). */
    void removal(Object cache, String cause);

    /** A remote cache's command other than a get, put or delete ({@code INCR}, {@code EXPIRE}), by name. */
    void command(Object cache, String command, long nanos);

    /** A call that failed with an exception of simple class name {@code errorType}. */
    void error(Object cache, String operation, String errorType);

    CacheSink NO_OP = new CacheSink() {
        @Override
        public void get(int site, Object cache, boolean hit, long nanos) {}

        @Override
        public void put(int site, Object cache, long nanos) {}

        @Override
        public void delete(int site, Object cache, long nanos) {}

        @Override
        public void register(Object cache, String library, String name, boolean remote) {}

        @Override
        public void timesEveryCall(Object cache) {}

        @Override
        public void alias(Object inner, Object cache) {}

        @Override
        public void get(Object cache, Object key, int hits, int misses, long nanos) {}

        @Override
        public CacheCounters get(CacheCounters counters, Object cache, Object key, int hits, int misses, long nanos) {
            return null;
        }

        @Override
        public void put(Object cache, Object key, int count, long nanos) {}

        @Override
        public void delete(Object cache, int calls, int removed, long nanos) {}

        @Override
        public void load(Object cache, boolean success, long nanos) {}

        @Override
        public void removal(Object cache, String cause) {}

        @Override
        public void command(Object cache, String command, long nanos) {}

        @Override
        public void error(Object cache, String operation, String errorType) {}
    };
}
