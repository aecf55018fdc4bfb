package io.bytemeter.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        HistogramPointData point = histogram.point(0, 1, Attributes.empty());
        assertEquals(List.of(1L, 1L, 0L, 1L), point.getCounts());
        assertEquals(3, point.getCount());
        assertEquals(2.0000025, point.getSum(), 1e-12);
        assertEquals(List.of(1e-6, 1e-3, 1.0), point.getBoundaries());
    }
}
