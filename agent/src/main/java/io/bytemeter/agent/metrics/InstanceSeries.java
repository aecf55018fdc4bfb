package io.bytemeter.agent.metrics;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * From an instance (a library's cache, an ID generator) to its series, holding the instance
 * weakly: an instance the app drops is collected, and its series go with it. Lookups read an
 * open-addressing table by identity hash without a lock or an allocation; registering copies the
 * table (instances are few and made once).
 *
 * <p>Optionally the first few instances registered are found by a scan of weak references before
 * any hash: advice that runs inside a {@code synchronized} method of the instance (an ID
 * generator's {@code nextId}, a custom cache's {@code get}) holds its lock, and then the object's
 * header holds the lock, so {@link System#identityHashCode} leaves its intrinsic for a runtime call
 * (about 14 ns here, against about 1 ns a scanned entry).
 */
final class InstanceSeries<T> {

    private static final class Entry<T> extends WeakReference<Object> {
        final T series;

        Entry(Object instance, T series) {
            super(instance);
            this.series = series;
        }
    }

    @SuppressWarnings("unchecked")
    private volatile Entry<T>[] table = new Entry[16];
    @SuppressWarnings("unchecked")
    private volatile Entry<T>[] scannedFirst = new Entry[0];
    private final int scanned;

    InstanceSeries() {
        this(0);
    }

    /** @param scanned how many instances, the first registered that are still alive, are found by a scan */
    InstanceSeries(int scanned) {
        this.scanned = scanned;
    }

    /** The series of {@code instance}, or null when it was never registered. */
    T get(Object instance) {
        for (Entry<T> e : scannedFirst) {
            if (e.get() == instance) {
                return e.series;
            }
        }
        Entry<T>[] t = table;
        int mask = t.length - 1;
        int i = System.identityHashCode(instance) & mask;
        for (int probes = 0; probes <= mask; probes++) {
            Entry<T> e = t[i];
            if (e == null) {
                return null;
            }
            if (e.get() == instance) {
                return e.series;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** Registers {@code instance}, dropping entries whose instance was collected; returns its series. */
    synchronized T register(Object instance, T series) {
        T existing = get(instance);
        if (existing != null) {
            return existing;
        }
        List<Entry<T>> live = liveEntries();
        Entry<T> added = new Entry<>(instance, series);
        live.add(added);
        int capacity = 16;
        while (capacity < live.size() * 4) {
            capacity <<= 1;
        }
        @SuppressWarnings("unchecked")
        Entry<T>[] fresh = new Entry[capacity];
        for (Entry<T> e : live) {
            Object owner = e.get();
            if (owner == null) {
                continue;
            }
            int i = System.identityHashCode(owner) & (capacity - 1);
            while (fresh[i] != null) {
                i = (i + 1) & (capacity - 1);
            }
            fresh[i] = e;
        }
        table = fresh;
        scanFirst(added);
        return series;
    }

    /**
     * The series of {@code instance}, registering a new one made by {@code create} unless
     * {@code max} live instances have series of their own: then it shares {@code overflow}, and
     * {@code dropped} counts it (an app that builds an instance per request must not grow the
     * scrape without bound).
     */
    synchronized T registerCapped(Object instance, Supplier<T> create, T overflow, int max, LongAdder dropped) {
        T existing = get(instance);
        if (existing != null) {
            return existing;
        }
        int live = 0;
        for (Entry<T> e : table) {
            if (e != null && e.get() != null && e.series != overflow) {
                live++;
            }
        }
        if (live >= max) {
            dropped.increment();
            return register(instance, overflow);
        }
        return register(instance, create.get());
    }

    /** Puts a new entry in a free or dead slot of {@link #scannedFirst}, while there is one. */
    private void scanFirst(Entry<T> added) {
        Entry<T>[] current = scannedFirst;
        for (int i = 0; i < current.length; i++) {
            if (current[i].get() == null) {
                Entry<T>[] copy = current.clone();
                copy[i] = added;
                scannedFirst = copy;
                return;
            }
        }
        if (current.length < scanned) {
            Entry<T>[] copy = Arrays.copyOf(current, current.length + 1);
            copy[current.length] = added;
            scannedFirst = copy;
        }
    }

    private List<Entry<T>> liveEntries() {
        List<Entry<T>> live = new ArrayList<>();
        for (Entry<T> e : table) {
            if (e != null && e.get() != null) {
                live.add(e);
            }
        }
        return live;
    }

    /** Each live instance with its series. */
    void forEach(BiConsumer<Object, T> action) {
        for (Entry<T> e : table) {
            if (e != null) {
                Object instance = e.get();
                if (instance != null) {
                    action.accept(instance, e.series);
                }
            }
        }
    }
}
