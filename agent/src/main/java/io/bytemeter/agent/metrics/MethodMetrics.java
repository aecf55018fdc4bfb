package io.bytemeter.agent.metrics;

import io.bytemeter.bootstrap.MethodSink;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.Site;
import io.bytemeter.instrumentation.Sites;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.concurrent.atomic.LongAdder;

/**
 * The timed-method family:
 *
 * <pre>
 * method_calls_total{class="com.acme.Billing",method="charge",outcome="success"} 42.0
 * method_calls_total{class="com.acme.Billing",error_type="java.io.IOException",method="charge",outcome="error"} 1.0
 * method_duration_seconds_count{class="com.acme.Billing",method="charge",outcome="success"} 42
 * </pre>
 */
public final class MethodMetrics implements MethodSink, MetricSource {

    private static final AttributeKey<String> CLASS = AttributeKey.stringKey("class");
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("method");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private static final class Series {
        final Site site;
        final LongAdder successes = new LongAdder();
        final BoundedSeries<LongAdder> errors;
        /** Every failed call, whatever its type: what the error histogram's timed calls stand for. */
        final LongAdder failures = new LongAdder();
        final LatencyHistogram successDuration = new LatencyHistogram(Buckets.METHOD);
        final LatencyHistogram errorDuration = new LatencyHistogram(Buckets.METHOD);

        Series(Site site, int maxSeries, LongAdder dropped) {
            this.site = site;
            this.errors = new BoundedSeries<>(maxSeries, dropped, type -> new LongAdder());
        }
    }

    private final SiteSeries<Series> series;
    private final AgentMetrics agent;

    public MethodMetrics(Sites sites, AgentMetrics agent, int maxSeries) {
        LongAdder dropped = agent.droppedCounter("method.calls");
        this.series = new SiteSeries<>(sites, Site::toString, site -> new Series(site, maxSeries, dropped));
        this.agent = agent;
    }

    @Override
    public void exited(int site, Throwable error, long nanos) {
        try {
            Series s = series.get(site);
            if (error == null) {
                s.successes.increment();
                s.successDuration.recordCall(nanos, 1, Timing.timesEveryMethodCall(), s.successes);
            } else {
                s.errors.get(error.getClass().getName()).increment();
                s.failures.increment();
                s.errorDuration.recordCall(nanos, 1, Timing.timesEveryMethodCall(), s.failures);
            }
        } catch (Throwable t) {
            agent.recorderError("methods.timed", t);
        }
    }

    @Override
    public void collect(MetricWriter out) {
        for (Series s : series.all()) {
            Attributes success = Attributes.of(CLASS, s.site.className(), METHOD, s.site.methodName(), OUTCOME, "success");
            Attributes error = Attributes.of(CLASS, s.site.className(), METHOD, s.site.methodName(), OUTCOME, "error");
            out.counter("method.calls", "Calls by outcome", "", success, s.successes.sum());
            s.errors.forEach((type, count) -> out.counter("method.calls", "Calls by outcome", "",
                    error.toBuilder().put(ERROR_TYPE, type).build(), count.sum()));
            out.histogram("method.duration", "Duration of calls by outcome", success, s.successDuration);
            out.histogram("method.duration", "Duration of calls by outcome", error, s.errorDuration);
        }
    }
}
