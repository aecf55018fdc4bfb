package io.bytemeter.agent.metrics;

import static io.bytemeter.agent.metrics.MessagingAttributes.DESTINATION;
import static io.bytemeter.agent.metrics.MessagingAttributes.GROUP;
import static io.bytemeter.agent.metrics.MessagingAttributes.PARTITION;
import static io.bytemeter.agent.metrics.MessagingAttributes.SYSTEM;

import io.bytemeter.bootstrap.MessagingRecorder;
import io.bytemeter.bootstrap.Timing;
import io.opentelemetry.api.common.Attributes;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Consumers identified by instance that belong to a group (Kafka): each one's group of receives,
 * when its last poll with records returned (so the next poll measures the app's processing), and
 * its partitions' lag, read from its own fetch state and reported per group and partition:
 *
 * <pre>
 * messaging_consumer_lag{messaging_consumer_group_name="analytics",messaging_destination_name="orders",messaging_destination_partition_id="0",messaging_system="kafka"} 950
 * </pre>
 */
final class GroupConsumers {

    private static final long LAG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** One consumer: its group's series, when its last non-empty poll returned, and its partitions' lag. */
    static final class Consumer {
        final MessageReceives.Group group;
        volatile long lastBatchReturned;
        volatile long lastLagReport = System.nanoTime() - LAG_INTERVAL_NANOS;
        /** By destination and partition, joined by {@code \0}. */
        volatile Map<String, Long> lagByPartition = Map.of();
        Map<String, Long> lagBeingReported;
        /** Polled on the consumer's own thread only. */
        boolean lastPollHadRecords;
        volatile boolean closed;

        Consumer(MessageReceives.Group group) {
            this.group = group;
        }
    }

    private final InstanceSeries<Consumer> consumers = new InstanceSeries<>();

    void seen(Object consumer, MessageReceives.Group group) {
        consumers.register(consumer, new Consumer(group));
    }

    /** The consumer's state, or null when it was never seen. */
    Consumer get(Object consumer) {
        return consumers.get(consumer);
    }

    void pollStarting(Consumer state) {
        if (state.lastBatchReturned != 0) {
            state.group.processDuration.record(System.nanoTime() - state.lastBatchReturned);
            state.lastBatchReturned = 0;
        }
    }

    void polled(Consumer state, int records, long nanos) {
        if (records > 0) {
            state.group.pollDuration.recordWeighted(nanos, Timing.remoteInterval());
            state.lastBatchReturned = System.nanoTime();
        }
    }

    boolean lagDue(Consumer state, int records) {
        long now = System.nanoTime();
        boolean burstEnded = records == 0 && state.lastPollHadRecords;
        state.lastPollHadRecords = records > 0;
        if (records != MessagingRecorder.CLOSING && !burstEnded && now - state.lastLagReport < LAG_INTERVAL_NANOS) {
            return false;
        }
        state.lastLagReport = now;
        state.lagBeingReported = new HashMap<>();
        return true;
    }

    void lag(Consumer state, String destination, int partition, long lag) {
        if (state.lagBeingReported != null) {
            state.lagBeingReported.put(destination + "\u0000" + partition, lag);
        }
    }

    void lagReported(Consumer state) {
        if (state.lagBeingReported != null) {
            state.lagByPartition = state.lagBeingReported;
            state.lagBeingReported = null;
        }
    }

    void collect(MetricWriter out) {
        Map<String, Long> lag = new TreeMap<>();
        consumers.forEach((consumer, state) -> {
            if (!state.closed) {
                state.lagByPartition.forEach((partition, value) -> lag.merge(key(state, partition), value, Math::max));
            }
        });
        // a closed consumer's last report stands for partitions no live consumer of its group reports
        consumers.forEach((consumer, state) -> {
            if (state.closed) {
                state.lagByPartition.forEach((partition, value) -> lag.putIfAbsent(key(state, partition), value));
            }
        });
        lag.forEach((key, value) -> {
            String[] parts = key.split("\u0000");
            out.gauge("messaging.consumer.lag", "Records a group has yet to read, per partition, from its consumers' fetch state",
                    "{message}", Attributes.of(SYSTEM, parts[0], GROUP, parts[1], DESTINATION, parts[2], PARTITION, parts[3]), value);
        });
    }

    private static String key(Consumer state, String partition) {
        return state.group.system + "\u0000" + state.group.name + "\u0000" + partition;
    }
}
