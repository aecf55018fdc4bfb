package io.bytemeter.agent.metrics;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.Data;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.GaugeData;
import io.opentelemetry.sdk.metrics.data.HistogramData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.data.SumData;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects one scrape's points by metric name and turns them into OpenTelemetry {@link MetricData}
 * for the Prometheus exporter. Runs on the exporter's thread, never on an app thread.
 */
final class MetricWriter {

    private static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.create("io.bytemeter");

    private final Resource resource;
    private final long startEpochNanos;
    private final long epochNanos;
    private final Map<String, Family> families = new LinkedHashMap<>();

    private static final class Family {
        final MetricDataType type;
        final String description;
        final String unit;
        final List<PointData> points = new ArrayList<>();

        Family(MetricDataType type, String description, String unit) {
            this.type = type;
            this.description = description;
            this.unit = unit;
        }
    }

    MetricWriter(Resource resource, long startEpochNanos, long epochNanos) {
        this.resource = resource;
        this.startEpochNanos = startEpochNanos;
        this.epochNanos = epochNanos;
    }

    /** A monotonic count; Prometheus shows it with {@code _total}. */
    void counter(String name, String description, String unit, Attributes attributes, long value) {
        family(name, MetricDataType.LONG_SUM, description, unit)
                .points.add(LongPointData.create(startEpochNanos, epochNanos, attributes, value));
    }

    void gauge(String name, String description, String unit, Attributes attributes, long value) {
        family(name, MetricDataType.LONG_GAUGE, description, unit)
                .points.add(LongPointData.create(startEpochNanos, epochNanos, attributes, value));
    }

    void gauge(String name, String description, String unit, Attributes attributes, double value) {
        family(name, MetricDataType.DOUBLE_GAUGE, description, unit)
                .points.add(DoublePointData.create(startEpochNanos, epochNanos, attributes, value, List.of()));
    }

    /**
     * Durations in seconds; Prometheus shows them as {@code <name>_seconds_bucket}, {@code _sum},
     * {@code _count}. A histogram appears once it has a timed call, so an operation a cache does not
     * have (no delete method named) adds no empty series. Several histograms of one layout are
     * written as one series, their sum (a cache's gets, recorded in three: see {@link CacheSeries}).
     */
    void histogram(String name, String description, Attributes attributes, LatencyHistogram... parts) {
        if (LatencyHistogram.count(parts) == 0) {
            return;
        }
        family(name, MetricDataType.HISTOGRAM, description, "s")
                .points.add(LatencyHistogram.point(startEpochNanos, epochNanos, attributes, parts));
    }

    private Family family(String name, MetricDataType type, String description, String unit) {
        return families.computeIfAbsent(name, n -> new Family(type, description, unit));
    }

    @SuppressWarnings("unchecked")
    List<MetricData> metrics() {
        List<MetricData> metrics = new ArrayList<>(families.size());
        families.forEach((name, family) -> {
            Data<?> data;
            switch (family.type) {
                case LONG_SUM:
                    data = SumData.createLongSumData(true, AggregationTemporality.CUMULATIVE,
                            (List<LongPointData>) (List<?>) family.points);
                    break;
                case LONG_GAUGE:
                    data = GaugeData.createLongGaugeData((List<LongPointData>) (List<?>) family.points);
                    break;
                case DOUBLE_GAUGE:
                    data = GaugeData.createDoubleGaugeData((List<DoublePointData>) (List<?>) family.points);
                    break;
                default:
                    data = HistogramData.create(AggregationTemporality.CUMULATIVE,
                            (List<HistogramPointData>) (List<?>) family.points);
            }
            metrics.add(new Metric(resource, name, family.description, family.unit, family.type, data));
        });
        return metrics;
    }

    /** The SDK offers no public factory for {@link MetricData}, so this is the plain value class. */
    private static final class Metric implements MetricData {
        private final Resource resource;
        private final String name;
        private final String description;
        private final String unit;
        private final MetricDataType type;
        private final Data<?> data;

        Metric(Resource resource, String name, String description, String unit, MetricDataType type, Data<?> data) {
            this.resource = resource;
            this.name = name;
            this.description = description;
            this.unit = unit;
            this.type = type;
            this.data = data;
        }

        @Override
        public Resource getResource() {
            return resource;
        }

        @Override
        public InstrumentationScopeInfo getInstrumentationScopeInfo() {
            return SCOPE;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getDescription() {
            return description;
        }

        @Override
        public String getUnit() {
            return unit;
        }

        @Override
        public MetricDataType getType() {
            return type;
        }

        @Override
        public Data<?> getData() {
            return data;
        }
    }
}
