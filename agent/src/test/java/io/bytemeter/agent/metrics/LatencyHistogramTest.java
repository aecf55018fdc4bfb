package io.bytemeter.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import java.util.List;
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

    @Test
    void histogramsOfDifferentLayoutsAreNotSummed() {
        LatencyHistogram micros = new LatencyHistogram(buckets);
        LatencyHistogram other = new LatencyHistogram(Buckets.CACHE);
        assertThrows(IllegalArgumentException.class, () -> LatencyHistogram.point(0, 1, Attributes.empty(), micros, other));
    }
}
