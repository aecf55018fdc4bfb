package io.bytemeter.bootstrap;

import java.util.Collection;
import java.util.function.Function;

/**
 * Stands in for a cache's mapping function during one lookup: records whether it ran (a miss),
 * how many keys it was asked for (a bulk load), and the load's outcome and duration.
 */
public final class LoadTrackingFunction implements Function<Object, Object> {

    private Function<Object, Object> delegate;
    private Object cache;
    private boolean recordLoad;
    private int loadedKeys;

    LoadTrackingFunction() {}

    @SuppressWarnings("unchecked")
    void start(Object cache, Object mappingFunction, boolean recordLoad) {
        this.delegate = (Function<Object, Object>) mappingFunction;
        this.cache = cache;
        this.recordLoad = recordLoad;
        this.loadedKeys = 0;
    }

    boolean inUse() {
        return delegate != null;
    }

    @Override
    public Object apply(Object key) {
        loadedKeys += key instanceof Collection ? ((Collection<?>) key).size() : 1;
        Object cacheAtStart = cache;
        long start = System.nanoTime();
        boolean success = false;
        try {
            Object value = delegate.apply(key);
            success = value != null;
            return value;
        } finally {
            if (recordLoad) {
                CacheRecorder.load(cacheAtStart, success, System.nanoTime() - start);
            }
        }
    }

    /** Ends the lookup; returns how many keys the function was asked to load (0 for a hit). */
    public int finish() {
        int loaded = loadedKeys;
        delegate = null;
        cache = null;
        return loaded;
    }
}
