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

    /** What {@link #binadeBound} holds for a binade with more than one bound: {@link #indexOf} searches. */
    private static final long SEARCH = -1;

    private final long[] boundsNanos;
    private final List<Double> boundsSeconds;
    /** Per binade k (the durations from 2^k to 2^(k+1) - 1 ns; 0 and 1 for k = 0): the bucket of its shortest duration. */
    private final int[] binadeFirst = new int[64];
    /** Per binade: the one bound inside it (longer durations go one bucket up), none ({@code Long.MAX_VALUE}), or {@link #SEARCH}. */
    private final long[] binadeBound = new long[64];

    private Buckets(double[] seconds) {
        boundsNanos = new long[seconds.length];
        List<Double> list = new ArrayList<>(seconds.length);
        for (int i = 0; i < seconds.length; i++) {
            boundsNanos[i] = Math.round(seconds[i] * 1e9);
            list.add(seconds[i]);
        }
        boundsSeconds = Collections.unmodifiableList(list);
        for (int k = 0; k < 64; k++) {
            long lowest = k == 0 ? 0 : 1L << k;
            long highest = k == 63 ? Long.MAX_VALUE : (1L << (k + 1)) - 1;
            binadeFirst[k] = search(lowest);
            int inside = search(highest) - binadeFirst[k];
            binadeBound[k] = inside == 0 ? Long.MAX_VALUE : inside == 1 ? boundsNanos[binadeFirst[k]] : SEARCH;
        }
    }

    static Buckets seconds(double... bounds) {
        double[] sorted = bounds.clone();
        Arrays.sort(sorted);
        return new Buckets(sorted);
    }

    int size() {
        return boundsNanos.length;
    }

    /**
     * The bucket a duration falls in; bucket i holds values at most bound i (Prometheus' {@code le}).
     * Every layout here has bounds at least twice apart, so a binade holds at most one: its first
     * bucket, and one compare, instead of a binary search whose branches a duration near a bound
     * mispredicts: a Caffeine hit timed every call (about 60 ns, near the 50 and 100 ns bounds)
     * measured 78 to 80 ns with this against 81 to 101 with the search.
     */
    int indexOf(long nanos) {
        int k = 63 - Long.numberOfLeadingZeros(nanos | 1);
        long bound = binadeBound[k];
        if (bound == SEARCH) {
            return search(nanos);
        }
        return nanos > bound ? binadeFirst[k] + 1 : binadeFirst[k];
    }

    /** {@link #indexOf} by binary search over the bounds. */
    int search(long nanos) {
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
