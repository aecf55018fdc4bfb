package io.bytemeter.agent.metrics;

import io.bytemeter.bootstrap.IdSink;
import io.bytemeter.instrumentation.Site;
import io.bytemeter.instrumentation.Sites;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ID-generation family:
 *
 * <pre>
 * id_generated_total{generator="Snowflake"} 100000.0
 * id_generation_errors_total{error_type="demo.ClockMovedBackwardsException",generator="Snowflake"} 3.0
 * id_non_monotonic_total{generator="Snowflake"} 0.0
 * id_generation_duration_seconds_bucket{generator="Snowflake",le="1.0E-6"} 99000
 * </pre>
 */
public final class IdMetrics implements IdSink, MetricSource {

    private static final AttributeKey<String> GENERATOR = AttributeKey.stringKey("generator");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private static final class Series {
        final String name;
        final LongAdder generated = new LongAdder();
        final LongAdder nonMonotonic = new LongAdder();
        final BoundedSeries<LongAdder> errors;
        final LatencyHistogram duration = new LatencyHistogram(Buckets.ID);
        final LastIds lastIds = new LastIds();

        Series(String name, int maxSeries, LongAdder dropped) {
            this.name = name;
            this.errors = new BoundedSeries<>(maxSeries, dropped, type -> new LongAdder());
        }
    }

    private final SiteSeries<Series> series;
    private final AgentMetrics agent;

    public IdMetrics(Sites sites, AgentMetrics agent, int maxSeries) {
        LongAdder dropped = agent.droppedCounter("id.generation.errors");
        this.series = new SiteSeries<>(sites, Site::name, site -> new Series(site.name(), maxSeries, dropped));
        this.agent = agent;
    }

    @Override
    public void generated(int site, Object generator, long id, long nanos) {
        try {
            Series s = series.get(site);
            s.generated.increment();
            s.duration.record(nanos);
            if (s.lastIds.isNotAfterPrevious(generator, id)) {
                s.nonMonotonic.increment();
            }
        } catch (Throwable t) {
            agent.recorderError("id.generate", t);
        }
    }

    @Override
    public void generatedOpaque(int site, long nanos) {
        try {
            Series s = series.get(site);
            s.generated.increment();
            s.duration.record(nanos);
        } catch (Throwable t) {
            agent.recorderError("id.generate", t);
        }
    }

    @Override
    public void failed(int site, Throwable error, long nanos) {
        try {
            series.get(site).errors.get(error.getClass().getName()).increment();
        } catch (Throwable t) {
            agent.recorderError("id.generate", t);
        }
    }

    @Override
    public void collect(MetricWriter out) {
        for (Series s : series.all()) {
            Attributes generator = Attributes.of(GENERATOR, s.name);
            out.counter("id.generated", "IDs generated", "", generator, s.generated.sum());
            out.counter("id.non_monotonic", "IDs not greater than the previous one from the same generator", "",
                    generator, s.nonMonotonic.sum());
            s.errors.forEach((type, count) -> out.counter("id.generation.errors", "Generation calls that threw, by exception type", "",
                    Attributes.of(GENERATOR, s.name, ERROR_TYPE, type), count.sum()));
            out.histogram("id.generation.duration", "Duration of successful ID generations", generator, s.duration);
        }
    }
}
