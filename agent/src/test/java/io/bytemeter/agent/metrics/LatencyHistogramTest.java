package io.bytemeter.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.bytemeter.bootstrap.Timing;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    private final Buckets buckets = Buckets.seconds(1e-6, 1e-3, 1);

    @Test
    void aValueOnABoundFallsInThatBucketAsPrometheusLeMeans() {
        assertEquals(0, buckets.indexOf(0));
        assertEquals(0, buckets.indexOf(1_000));
        assertEquals(1, buckets.indexOf(1_001));
        assertEquals(2, buckets.indexOf(1_000_000_000));
        assertEquals(3, buckets.indexOf(1_000_000_001));
    }

    @Test
    void pointHasCountsPerBucketAndTheSumInSeconds() {
        LatencyHistogram histogram = new LatencyHistogram(buckets);
        histogram.record(500);
        histogram.record(2_000);
        histogram.record(2_000_000_000L);
        histogram.record(-1);
        HistogramPointData point = LatencyHistogram.point(0, 1, Attributes.empty(), histogram);
        assertEquals(List.of(1L, 1L, 0L, 1L), point.getCounts());
        assertEquals(3, point.getCount());
        assertEquals(2.0000025, point.getSum(), 1e-12);
        assertEquals(List.of(1e-6, 1e-3, 1.0), point.getBoundaries());
    }

    @Test
    void histogramsOfOneLayoutAreWrittenAsTheirSum() {
        LatencyHistogram sampled = new LatencyHistogram(buckets);
        LatencyHistogram hits = new LatencyHistogram(buckets);
        LatencyHistogram misses = new LatencyHistogram(buckets);
        sampled.recordWeighted(500, 4);
        hits.record(500);
        misses.recordWeighted(2_000, 2);
        HistogramPointData point = LatencyHistogram.point(0, 1, Attributes.empty(), sampled, hits, misses);
        assertEquals(List.of(5L, 2L, 0L, 0L), point.getCounts());
        assertEquals(7, LatencyHistogram.count(sampled, hits, misses));
        assertEquals(6.5e-6, point.getSum(), 1e-15);
    }

    /** More threads than stripes, all at once: owners add plainly, the others atomically to shared stripes, and nothing is lost. */
    @Test
    void threadsSharingStripesLoseNoCallAndNoDuration() throws Exception {
        LatencyHistogram histogram = new LatencyHistogram(buckets);
        int threads = 40;
        int callsEach = 50_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long nanos = t % 2 == 0 ? 500 : 2_000;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < callsEach; i++) {
                    histogram.countCall(nanos, true);
                    histogram.countCall(Timing.NO_DURATION, true);
                }
            });
            thread.start();
            started.add(thread);
        }
        start.countDown();
        for (Thread thread : started) {
            thread.join();
        }
        HistogramPointData point = LatencyHistogram.point(0, 1, Attributes.empty(), histogram);
        long half = (long) threads / 2 * callsEach;
        assertEquals(2 * threads * (long) callsEach, histogram.calls());
        assertEquals(List.of(half, half, 0L, 0L), point.getCounts());
        assertEquals(half * 2_500 / 1e9, point.getSum(), 1e-9);
    }

    @Test
    void histogramsOfDifferentLayoutsAreNotSummed() {
        LatencyHistogram micros = new LatencyHistogram(buckets);
        LatencyHistogram other = new LatencyHistogram(Buckets.CACHE);
        assertThrows(IllegalArgumentException.class, () -> LatencyHistogram.point(0, 1, Attributes.empty(), micros, other));
    }
}
