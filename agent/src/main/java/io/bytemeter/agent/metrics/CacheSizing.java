package io.bytemeter.agent.metrics;

import io.bytemeter.bootstrap.SampledKeys;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code bytemeter.cache.sizing}: gives each library cache (and each cache server a client talks to) a sample of its keys
 * ({@link SampledKeys}), and drains every sample into its cache's {@link LruMissRatios} on a thread
 * of its own, started with the first sized cache, so that the app's threads only offer keys. A
 * cache the app drops takes its sample with it.
 */
final class CacheSizing {

    /** How long the thread sleeps between drains: a ring holds this long's keys at about 1.6 million sampled lookups a second. */
    private static final long INTERVAL_MILLIS = 10;

    private final List<WeakReference<CacheSeries>> sized = new CopyOnWriteArrayList<>();
    private final AgentMetrics agent;
    private Thread drainer;

    CacheSizing(AgentMetrics agent) {
        this.agent = agent;
    }

    /** A new series of a library cache: sized, and drained from now on. */
    synchronized CacheSeries sized(String name, boolean remote, boolean timedAsRemote) {
        CacheSeries series = new CacheSeries(name, remote, timedAsRemote, new SampledKeys());
        sized.add(new WeakReference<>(series));
        if (drainer == null) {
            drainer = new Thread(this::drainForever, "bytemeter-cache-sizing");
            drainer.setDaemon(true);
            drainer.start();
        }
        return series;
    }

    private void drainForever() {
        while (true) {
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            drainAll();
        }
    }

    /** Takes in every sample's keys now; a series whose cache is gone leaves the list. */
    void drainAll() {
        for (WeakReference<CacheSeries> reference : sized) {
            CacheSeries series = reference.get();
            if (series == null) {
                sized.remove(reference);
                continue;
            }
            try {
                series.missRatios.drain();
            } catch (Throwable t) {
                agent.recorderError("cache.sizing", t);
            }
        }
    }
}
