package io.bytemeter.agent.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Histogram bucket bounds per family: caches answer in nanoseconds to microseconds, ID generators
 * in microseconds (milliseconds when they wait for the clock), brokers and methods in milliseconds
 * to seconds. One set for all of them would put every cache call in the first bucket.
 */
public final class Buckets {

    public static final Buckets CACHE = seconds(50e-9, 100e-9, 250e-9, 500e-9, 1e-6, 2.5e-6, 5e-6, 10e-6, 25e-6,
            50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3, 50e-3, 100e-3, 1);
    public static final Buckets ID = seconds(100e-9, 250e-9, 500e-9, 1e-6, 2.5e-6, 5e-6, 10e-6, 25e-6, 50e-6,
            100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3, 50e-3, 100e-3, 1);
    public static final Buckets MESSAGING = seconds(10e-6, 25e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3,
            5e-3, 10e-3, 25e-3, 50e-3, 100e-3, 250e-3, 500e-3, 1, 2.5, 5, 10, 30);
    public static final Buckets METHOD = seconds(1e-6, 5e-6, 10e-6, 50e-6, 100e-6, 500e-6, 1e-3, 2.5e-3, 5e-3,
            10e-3, 25e-3, 50e-3, 100e-3, 250e-3, 500e-3, 1, 2.5, 5, 10, 30);

    /** An RPC: a network round trip or more, from 10 µs (in-process) to 30 s (a long stream). */
    public static final Buckets RPC = seconds(10e-6, 25e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3, 5e-3,
            10e-3, 25e-3, 50e-3, 100e-3, 250e-3, 500e-3, 1, 2.5, 5, 10, 30);

    /** How old a record is when it is consumed: milliseconds to ten minutes. */
    public static final Buckets RECORD_AGE = seconds(1e-3, 5e-3, 10e-3, 25e-3, 50e-3, 100e-3, 250e-3, 500e-3, 1, 2.5, 5,
            10, 30, 60, 120, 300, 600);

    private final long[] boundsNanos;
    private final List<Double> boundsSeconds;

    private Buckets(double[] seconds) {
        boundsNanos = new long[seconds.length];
        List<Double> list = new ArrayList<>(seconds.length);
        for (int i = 0; i < seconds.length; i++) {
            boundsNanos[i] = Math.round(seconds[i] * 1e9);
            list.add(seconds[i]);
        }
        boundsSeconds = Collections.unmodifiableList(list);
    }

    static Buckets seconds(double... bounds) {
        double[] sorted = bounds.clone();
        Arrays.sort(sorted);
        return new Buckets(sorted);
    }

    int size() {
        return boundsNanos.length;
    }

    /** The bucket a duration falls in; bucket i holds values at most bound i (Prometheus' {@code le}). */
    int indexOf(long nanos) {
        int low = 0;
        int high = boundsNanos.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (boundsNanos[mid] < nanos) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    List<Double> boundsInSeconds() {
        return boundsSeconds;
    }
}
