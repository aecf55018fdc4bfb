package io.bytemeter.agent.metrics;

import io.bytemeter.bootstrap.OwnedStripes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed-bucket latency histogram that records without a lock or an allocation: the duration's
 * bucket ({@link Buckets#indexOf}) and two adds, into the calling thread's stripe
 * ({@link OwnedStripes}), so that threads timing every call of one cache do not fight over one
 * cache line (two threads on one histogram cost +350 ns a call unstriped), and a thread that owns
 * its stripe adds without an atomic instruction. The OpenTelemetry SDK's own explicit bucket
 * histogram takes a lock per record, which is why the hot path does not use it.
 *
 * <p>Where only some calls are timed ({@link io.bytemeter.bootstrap.Timing}), each timed call is
 * recorded for all the calls since the last one recorded, read from the exact counter of the same
 * calls ({@link #recordSampled}): the weights telescope, so the count is that counter's value at
 * the last timed call, and the sum and the buckets estimate all calls. A histogram can keep that
 * counter itself ({@link #countCall}), on the line its records write.
 */
public final class LatencyHistogram {

    private final Buckets buckets;
    /** Per stripe, the bucket counts, the sum of nanoseconds, then the calls {@link #countCall} counted. */
    private final OwnedStripes stripes;
    private final int sumIndex;
    private final int callsIndex;
    /** The counter's value up to which calls have been recorded ({@link #recordSampled}). */
    private final AtomicLong recordedUpTo = new AtomicLong();

    public LatencyHistogram(Buckets buckets) {
        this.buckets = buckets;
        this.sumIndex = buckets.size() + 1;
        this.callsIndex = sumIndex + 1;
        this.stripes = new OwnedStripes(callsIndex + 1);
    }

    /** Records one duration; a negative one (a call that was not timed) is ignored. */
    public void record(long nanos) {
        recordWeighted(nanos, 1);
    }

    /**
     * A call that {@code counted} counted as {@code calls} (a bulk call's keys, else 1), recorded if
     * it was timed: for its own calls when its family times every call, else for all the calls
     * since the last one recorded ({@link #recordSampled}). The counter is read only for a sampled call.
     */
    public void recordCall(long nanos, long calls, boolean everyCallTimed, LongAdder counted) {
        if (nanos < 0) {
            return;
        }
        if (everyCallTimed) {
            recordWeighted(nanos, calls);
        } else {
            recordSampled(nanos, counted.sum());
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
        add(stripes.stripe(), nanos, weight);
    }

    private void add(int stripe, long nanos, long weight) {
        stripes.add(stripe, buckets.indexOf(nanos), weight);
        stripes.add(stripe, sumIndex, nanos * weight);
    }

    /**
     * One call counted exactly in {@link #calls()} and, if it was timed ({@code nanos} not
     * negative), recorded: for itself when its family times every call, else for all the calls
     * since the last one recorded. One stripe found, one line written.
     */
    public void countCall(long nanos, boolean everyCallTimed) {
        int stripe = stripes.stripe();
        stripes.add(stripe, callsIndex, 1);
        if (nanos < 0) {
            return;
        }
        if (everyCallTimed) {
            add(stripe, nanos, 1);
        } else {
            recordSampled(nanos, calls());
        }
    }

    /** The calls {@link #countCall} counted, timed or not. */
    public long calls() {
        return stripes.total(callsIndex);
    }

    /** The calls recorded: the buckets' counts over all stripes. */
    public long count() {
        long total = 0;
        for (int i = 0; i < sumIndex; i++) {
            total += stripes.total(i);
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
            total += part.stripes.total(index);
        }
        return total;
    }
}
