package io.bytemeter.agent.metrics;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * From a library's cache instance to its series, holding the instance weakly: a cache the app
 * drops is collected, and its series go with it. Lookups read an open-addressing table by identity
 * hash without a lock or an allocation; registering copies the table (caches are few and made once).
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

    /** The series of {@code instance}, or null when it was never registered. */
    T get(Object instance) {
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
        live.add(new Entry<>(instance, series));
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
        return series;
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
