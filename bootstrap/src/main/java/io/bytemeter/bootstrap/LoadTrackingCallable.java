package io.bytemeter.bootstrap;

import java.util.concurrent.Callable;

/**
 * Stands in for a facade's value loader (Spring's {@code Cache.get(key, Callable)}) during one
 * lookup: records whether it ran (a miss) and the load's outcome and duration, for the facade's cache.
 */
public final class LoadTrackingCallable implements Callable<Object> {

    private Callable<?> delegate;
    private Object cache;
    private boolean loaded;

    LoadTrackingCallable() {}

    void start(Object cache, Object valueLoader) {
        this.delegate = (Callable<?>) valueLoader;
        this.cache = cache;
        this.loaded = false;
    }

    boolean inUse() {
        return delegate != null;
    }

    @Override
    public Object call() throws Exception {
        loaded = true;
        Object cacheAtStart = cache;
        long start = System.nanoTime();
        boolean success = false;
        try {
            Object value = delegate.call();
            success = true;
            return value;
        } finally {
            CacheRecorder.load(cacheAtStart, success, System.nanoTime() - start);
        }
    }

    /** Ends the lookup; returns whether the loader ran (a miss). */
    public boolean finish() {
        boolean ran = loaded;
        delegate = null;
        cache = null;
        return ran;
    }
}
