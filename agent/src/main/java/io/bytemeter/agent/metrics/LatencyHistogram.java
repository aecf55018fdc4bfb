package io.bytemeter.agent.metrics;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed-bucket latency histogram that records without a lock or an allocation: the duration's
 * bucket ({@link Buckets#indexOf}) and two atomic adds, into the calling thread's stripe (by its id), so
 * that threads timing every call of one cache do not fight over one cache line (two threads on
 * one histogram cost +350 ns a call unstriped). The OpenTelemetry SDK's own explicit bucket
 * histogram takes a lock per record, which is why the hot path does not use it.
 *
 * <p>Where only some calls are timed ({@link io.bytemeter.bootstrap.Timing}), each timed call is
 * recorded for all the calls since the last one recorded, read from the exact counter of the same
 * calls ({@link #recordSampled}): the weights telescope, so the count is that counter's value at
 * the last timed call, and the sum and the buckets estimate all calls.
 */
public final class LatencyHistogram {

    /** Stripes, a power of two: four per core, so that two threads rarely pick the same one. */
    private static final int STRIPES = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors() * 4 - 1)) << 1;
    /** Longs in a cache line: stripes start a line apart, after whole lines, so no line holds two. */
    private static final int LINE = 8;

    private final Buckets buckets;
    /**
     * Per stripe, the bucket counts then the sum of nanoseconds; {@link #stride} longs from one
     * stripe to the next, after a first line left empty: every record reads the array's header
     * (its bounds check), which must not share a line with a stripe another thread writes.
     */
    private final AtomicLongArray cells;
    private final int sumIndex;
    private final int stride;
    /** The counter's value up to which calls have been recorded ({@link #recordSampled}). */
    private final AtomicLong recordedUpTo = new AtomicLong();

    public LatencyHistogram(Buckets buckets) {
        this.buckets = buckets;
        this.sumIndex = buckets.size() + 1;
        this.stride = (sumIndex + 1 + LINE - 1) / LINE * LINE + LINE;
        this.cells = new AtomicLongArray(LINE + STRIPES * stride);
    }

    /** Records one duration; a negative one (a call that was not timed) is ignored. */
    public void record(long nanos) {
        recordWeighted(nanos, 1);
    }

    /**
     * A call that {@code counted} (and {@code alsoCounted}, when the calls have two counters: hits
     * and misses) counted as {@code calls} (a bulk get's keys, else 1), recorded if it was timed:
     * for its own calls when its family times every call, else for all the calls since the last
     * one recorded ({@link #recordSampled}). The counters are read only for a sampled call.
     */
    public void recordCall(long nanos, long calls, boolean everyCallTimed, LongAdder counted, LongAdder alsoCounted) {
        if (nanos < 0) {
            return;
        }
        if (everyCallTimed) {
            recordWeighted(nanos, calls);
        } else {
            recordSampled(nanos, counted.sum() + (alsoCounted == null ? 0 : alsoCounted.sum()));
        }
    }

    /**
     * Records a timed call for itself and the untimed calls before it: {@code calls} is the exact
     * counter of the calls this histogram times, read after this call was counted. Under
     * concurrent records one call may stand for none and another for two; the total is exact.
     * A negative {@code nanos} (a call that was not timed) is ignored.
     */
    public void recordSampled(long nanos, long calls) {
        if (nanos < 0) {
            return;
        }
        long before = recordedUpTo.getAndAccumulate(calls, Math::max);
        if (calls > before) {
            recordWeighted(nanos, calls - before);
        }
    }

    /** Records a timed call that stands for {@code weight} calls, when no counter of them is at hand. */
    public void recordWeighted(long nanos, long weight) {
        if (nanos < 0) {
            return;
        }
        int stripe = LINE + stripe() * stride;
        cells.getAndAdd(stripe + buckets.indexOf(nanos), weight);
        cells.getAndAdd(stripe + sumIndex, nanos * weight);
    }

    /**
     * The calling thread's stripe, from its id: no state per thread, the same stripe every time,
     * and threads created one after another (a pool's) on stripes of their own up to
     * {@link #STRIPES}. (Identity hashes, tried first, are drawn from a seeded sequence, so the same
     * two threads of a run shared a stripe in every fork of it.)
     */
    private static int stripe() {
        return (int) Thread.currentThread().getId() & (STRIPES - 1);
    }

    /** Bucket {@code index}'s count over all stripes; {@link #sumIndex} gives the sum. */
    private long total(int index) {
        long total = 0;
        for (int stripe = LINE; stripe < cells.length(); stripe += stride) {
            total += cells.get(stripe + index);
        }
        return total;
    }

    /** The calls recorded: the buckets' counts over all stripes. */
    public long count() {
        long total = 0;
        for (int i = 0; i < sumIndex; i++) {
            total += total(i);
        }
        return total;
    }

    /** The calls recorded by all of {@code parts}. */
    static long count(LatencyHistogram... parts) {
        long total = 0;
        for (LatencyHistogram part : parts) {
            total += part.count();
        }
        return total;
    }

    /** The point of the sum of {@code parts}, which share the first part's layout. */
    static HistogramPointData point(long startEpochNanos, long epochNanos, Attributes attributes, LatencyHistogram... parts) {
        LatencyHistogram first = parts[0];
        List<Long> bucketCounts = new ArrayList<>(first.sumIndex);
        for (int i = 0; i < first.sumIndex; i++) {
            bucketCounts.add(total(i, parts));
        }
        return HistogramPointData.create(startEpochNanos, epochNanos, attributes, total(first.sumIndex, parts) / 1e9,
                false, 0, false, 0, first.buckets.boundsInSeconds(), bucketCounts);
    }

    private static long total(int index, LatencyHistogram... parts) {
        long total = 0;
        for (LatencyHistogram part : parts) {
            if (part.buckets != parts[0].buckets) {
                throw new IllegalArgumentException("histograms of different layouts cannot be summed");
            }
            total += part.total(index);
        }
        return total;
    }
}
