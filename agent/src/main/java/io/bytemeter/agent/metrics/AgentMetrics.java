package io.bytemeter.agent.metrics;

import io.bytemeter.instrumentation.AgentLog;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's metrics about itself:
 *
 * <pre>
 * bytemeter_instrumentations{instrumentation="cache-roles",status="applied"} 1
 * bytemeter_recorder_errors_total{instrumentation="messaging.consume"} 1.0
 * bytemeter_series_dropped_total{instrumentation="messaging.client.sent.messages"} 12.0
 * </pre>
 */
public final class AgentMetrics implements MetricSource {

    static final AttributeKey<String> INSTRUMENTATION = AttributeKey.stringKey("instrumentation");
    private static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");

    private final Map<String, String> statusByInstrumentation = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> recorderErrors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> seriesDropped = new ConcurrentHashMap<>();

    /** Records whether an instrumentation was applied, skipped or disabled. */
    public void instrumentation(String name, String status) {
        statusByInstrumentation.put(name, status);
    }

    /**
     * An exception inside a recorder: counted, and logged the first time for each place, so a
     * failing recorder can neither break the app nor flood its log.
     */
    void recorderError(String where, Throwable error) {
        LongAdder count = recorderErrors.computeIfAbsent(where, w -> new LongAdder());
        count.increment();
        if (count.sum() == 1) {
            AgentLog.error("recorder error in " + where + " (the app is unaffected; further ones are counted in"
                    + " bytemeter_recorder_errors_total)", error);
        }
    }

    /** The counter of recordings that fell over the series cap of one instrument. */
    LongAdder droppedCounter(String instrument) {
        return seriesDropped.computeIfAbsent(instrument, i -> new LongAdder());
    }

    /**
     * The agent's state for {@code /health}: instrumentations by status, recorder errors and dropped
     * recordings, as a JSON object's members ({@code "instrumentations":{"applied":12,...},...}).
     */
    public String healthMembers() {
        Map<String, Integer> byStatus = new TreeMap<>();
        for (String status : new String[] {"applied", "waiting", "skipped", "disabled", "failed"}) {
            byStatus.put(status, 0);
        }
        statusByInstrumentation.values().forEach(status -> byStatus.merge(status, 1, Integer::sum));
        StringBuilder json = new StringBuilder("\"instrumentations\":{");
        byStatus.forEach((status, count) -> json.append('"').append(status).append("\":").append(count).append(','));
        json.setLength(json.length() - 1);
        return json.append("},\"recorderErrors\":").append(sum(recorderErrors))
                .append(",\"droppedRecordings\":").append(sum(seriesDropped)).toString();
    }

    private static long sum(Map<String, LongAdder> counts) {
        long sum = 0;
        for (LongAdder count : counts.values()) {
            sum += count.sum();
        }
        return sum;
    }

    @Override
    public void collect(MetricWriter out) {
        statusByInstrumentation.forEach((name, status) -> out.gauge("bytemeter.instrumentations",
                "Instrumentations by status: 1 for the status each one has", "",
                Attributes.of(INSTRUMENTATION, name, STATUS, status), 1));
        recorderErrors.forEach((where, count) -> out.counter("bytemeter.recorder.errors",
                "Exceptions thrown inside the agent's recorders, kept from the app", "",
                Attributes.of(INSTRUMENTATION, where), count.sum()));
        seriesDropped.forEach((instrument, count) -> out.counter("bytemeter.series.dropped",
                "Recordings (for caches and ID generators: instances) that went to the _overflow series because an instrument reached bytemeter.series.max", "",
                Attributes.of(INSTRUMENTATION, instrument), count.sum()));
    }
}
