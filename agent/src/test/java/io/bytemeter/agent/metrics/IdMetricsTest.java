package io.bytemeter.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.bootstrap.IdRecorder;
import io.bytemeter.instrumentation.Sites;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The ID sink's rules: per-instance series and order, and how a clock step back is counted once. */
class IdMetricsTest {

    private final AgentMetrics agent = new AgentMetrics();
    private final IdMetrics metrics = new IdMetrics(new Sites(Map.of()), agent, Map.of(), 100);

    @Test
    void eachGeneratorInstanceHasItsOwnSeriesAndOrder() {
        Object a = new String("orders");
        Object b = new String("orders");
        metrics.generated(a, 100, 10);
        metrics.generated(b, 1, 10);
        metrics.generated(a, 101, 10);
        metrics.generated(a, 101, 10);
        metrics.generated(b, 2, 10);
        assertEquals(3, value("id.generated", "generator", "orders"));
        assertEquals(1, value("id.non_monotonic", "generator", "orders"));
        assertEquals(2, value("id.generated", "generator", "orders#2"));
        assertEquals(0, value("id.non_monotonic", "generator", "orders#2"));
    }

    @Test
    void aStaticEntryPointIsNamedByItsClassAndMethod() {
        metrics.generatedOpaque("java.util.UUID.randomUUID", 5);
        metrics.generatedOpaque("java.util.UUID.randomUUID", 5);
        assertEquals(2, value("id.generated", "generator", "UUID.randomUUID"));
        assertEquals(0, count("id.sequence.overflows", "generator", "UUID.randomUUID"), "a UUID has no sequence to run out");
    }

    @Test
    void aClockReadBehindCountsOnceByHowTheCallEnded() {
        Object g = new Snowflake();
        metrics.clockBehind(g, IdRecorder.REUSED);
        metrics.clockBehind(g, IdRecorder.REUSED);
        metrics.generated(g, 1, 10);
        metrics.generated(g, 2, 10);
        metrics.clockBehind(g, IdRecorder.WAITED);
        metrics.generated(g, 3, 10);
        metrics.clockBehind(g, IdRecorder.WAITED);
        metrics.failed(g, new RuntimeException("boom"), 10);
        metrics.failed(g, new IllegalStateException("Clock moved backwards. Refusing to generate id for 5000ms"), 10);
        metrics.failed(g, new RuntimeException("unrelated"), 10);
        assertEquals(1, value("id.clock_backward", "outcome", "reused"));
        assertEquals(1, value("id.clock_backward", "outcome", "waited"));
        assertEquals(2, value("id.clock_backward", "outcome", "failed"));
        assertEquals(2, value("id.generation.errors", "error.type", "java.lang.RuntimeException"));
    }

    @Test
    void overflowsCountWaitsAndCarries() {
        Object g = new Snowflake();
        metrics.overflow(g, 1_000_000);
        metrics.overflow(g, -1);
        assertEquals(2, value("id.sequence.overflows", "generator", "Snowflake"));
    }

    @Test
    void aPartsOverflowsCountForTheGeneratorItReportsFor() {
        Object generator = new Snowflake();
        Object timeFunction = new Object();
        metrics.alias(timeFunction, generator);
        metrics.generatedOpaque(generator, 10);
        metrics.overflow(timeFunction, -1);
        assertEquals(1, value("id.sequence.overflows", "generator", "Snowflake"));
        assertEquals(0, count("id.generated", "generator", "Object"), "the part has no series of its own");
    }

    @Test
    void clockBackwardsIsRecognisedByTypeMessageOrCause() {
        assertTrue(IdMetrics.saysClockMovedBack(new RuntimeException(new RuntimeException("Clock moved backwards.  Refusing"))));
        assertTrue(IdMetrics.saysClockMovedBack(new ClockWentBackwardException()));
        assertFalse(IdMetrics.saysClockMovedBack(new IllegalStateException("clock skew")));
        assertFalse(IdMetrics.saysClockMovedBack(new IllegalStateException((String) null)));
    }

    /** A generator built before the agent: named by its class. */
    private static final class Snowflake {}

    private static final class ClockWentBackwardException extends RuntimeException {}

    private long value(String metric, String key, String labelValue) {
        assertEquals(1, count(metric, key, labelValue), metric + " with " + key + "=" + labelValue);
        return sum(metric, key, labelValue);
    }

    private long count(String metric, String key, String labelValue) {
        return points(metric, key, labelValue).count();
    }

    private long sum(String metric, String key, String labelValue) {
        return points(metric, key, labelValue).mapToLong(LongPointData::getValue).sum();
    }

    private Stream<LongPointData> points(String metric, String key, String labelValue) {
        List<LongPointData> found = new ArrayList<>();
        MetricWriter out = new MetricWriter(Resource.empty(), 0, 1);
        metrics.collect(out);
        for (MetricData data : out.metrics()) {
            if (!data.getName().equals(metric)) {
                continue;
            }
            for (LongPointData point : data.getLongSumData().getPoints()) {
                if (labelValue.equals(point.getAttributes().get(AttributeKey.stringKey(key)))) {
                    found.add(point);
                }
            }
        }
        return found.stream();
    }
}
