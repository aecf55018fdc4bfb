package io.bytemeter.bootstrap;

import java.util.Collection;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Stands in, during one lookup, for a cache's mapping function (Caffeine's {@code Function}) or a
 * facade's value loader (Spring's {@code Callable}): records whether it ran (a miss), how many
 * keys it was asked for (a bulk load), and the load's outcome and duration. A function's load
 * fails when it returns null, as Caffeine counts it; a loader's when it throws.
 */
public final class LoadTracker implements Function<Object, Object>, Callable<Object> {

    private Object delegate;
    private Object cache;
    private boolean recordLoad;
    private int loadedKeys;

    LoadTracker() {}

    void start(Object cache, Object loader, boolean recordLoad) {
        this.delegate = loader;
        this.cache = cache;
        this.recordLoad = recordLoad;
        this.loadedKeys = 0;
    }

    boolean inUse() {
        return delegate != null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object apply(Object key) {
        loadedKeys += key instanceof Collection ? ((Collection<?>) key).size() : 1;
        Object cacheAtStart = cache;
        long start = System.nanoTime();
        boolean success = false;
        try {
            Object value = ((Function<Object, Object>) delegate).apply(key);
            success = value != null;
            return value;
        } finally {
            loaded(cacheAtStart, success, start);
        }
    }

    @Override
    public Object call() throws Exception {
        loadedKeys++;
        Object cacheAtStart = cache;
        long start = System.nanoTime();
        boolean success = false;
        try {
            Object value = ((Callable<?>) delegate).call();
            success = true;
            return value;
        } finally {
            loaded(cacheAtStart, success, start);
        }
    }

    private void loaded(Object cacheAtStart, boolean success, long start) {
        if (recordLoad) {
            CacheRecorder.load(cacheAtStart, success, System.nanoTime() - start);
        }
    }

    /** Ends the lookup; returns how many keys the loader was asked to load (0 for a hit). */
    public int finish() {
        int loaded = loadedKeys;
        delegate = null;
        cache = null;
        return loaded;
    }
}
