package io.bytemeter.agent.metrics;

import io.bytemeter.bootstrap.MessagingClientSink;
import io.bytemeter.bootstrap.MessagingRecorder;
import io.bytemeter.bootstrap.Timing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The messaging family for client libraries (Kafka, RabbitMQ), with OpenTelemetry's messaging
 * names, per system. Kafka sends are counted per topic when acknowledged, receives per topic and
 * consumer group, lag per partition and group from the consumers' own fetch state; RabbitMQ
 * publishes per exchange and routing key as they are made, deliveries and gets per queue, with
 * the time the app's consumer took and how messages were settled:
 *
 * <pre>
 * messaging_client_sent_messages_total{messaging_destination_name="orders",messaging_operation_name="send",messaging_system="kafka"} 3000.0
 * messaging_client_sent_bytes_total{messaging_destination_name="orders",messaging_operation_name="send",messaging_system="kafka"} 412345.0
 * messaging_client_consumed_messages_total{messaging_consumer_group_name="billing",messaging_destination_name="orders",messaging_operation_name="receive",messaging_system="kafka"} 3000.0
 * messaging_consumer_lag{messaging_consumer_group_name="analytics",messaging_destination_name="orders",messaging_destination_partition_id="0",messaging_system="kafka"} 950
 * messaging_record_age_seconds_count{messaging_consumer_group_name="billing",messaging_destination_name="orders",messaging_system="kafka"} 3000
 * messaging_process_duration_seconds_count{messaging_consumer_group_name="billing",messaging_system="kafka"} 41
 * messaging_process_duration_seconds_count{messaging_destination_name="invoices",messaging_system="rabbitmq"} 2000
 * messaging_client_settlements_total{messaging_operation_name="ack",messaging_system="rabbitmq"} 1990.0
 * </pre>
 */
public final class MessagingClientMetrics implements MessagingClientSink, MetricSource {

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.name");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    private static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final String NO_GROUP = "";
    private static final String PROCESS_HELP =
            "Time the app spent on a batch (Kafka: from its poll's return to the next poll) or on a delivered message";
    private static final long LAG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final class SendSeries {
        final LongAdder messages = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final BoundedSeries<LongAdder> errors;
        final LatencyHistogram duration = new LatencyHistogram(Buckets.MESSAGING);

        SendSeries(int maxSeries, LongAdder dropped) {
            errors = new BoundedSeries<>(maxSeries, dropped, type -> new LongAdder());
        }
    }

    private static final class ReceiveSeries {
        final LongAdder messages = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final LatencyHistogram age = new LatencyHistogram(Buckets.RECORD_AGE);
        /** Pushed deliveries (RabbitMQ): how long the app's consumer took with each. */
        final LatencyHistogram process = new LatencyHistogram(Buckets.MESSAGING);
    }

    private final class GroupSeries {
        final String system;
        final String group;
        final BoundedSeries<ReceiveSeries> topics;
        final LatencyHistogram pollDuration = new LatencyHistogram(Buckets.MESSAGING);
        final LatencyHistogram processDuration = new LatencyHistogram(Buckets.MESSAGING);

        /** {@code attributes} with the group's, when it has one. */
        Attributes attributes(Attributes attributes) {
            return group.equals(NO_GROUP) ? attributes : attributes.toBuilder().put(GROUP, group).build();
        }

        GroupSeries(String system, String group) {
            this.system = system;
            this.group = group;
            this.topics = new BoundedSeries<>(maxSeries, agent.droppedCounter("messaging.client.consumed.messages"),
                    topic -> new ReceiveSeries());
        }
    }

    /** One consumer: its group's series, when its last non-empty poll returned, and its partitions' lag. */
    private static final class ConsumerState {
        final String system;
        final GroupSeries group;
        volatile long lastBatchReturned;
        volatile long lastLagReport = System.nanoTime() - LAG_INTERVAL_NANOS;
        volatile Map<String, Long> lagByPartition = Map.of();
        Map<String, Long> lagBeingReported;
        /** Polled on the consumer's own thread only. */
        boolean lastPollHadRecords;
        volatile boolean closed;

        ConsumerState(String system, GroupSeries group) {
            this.system = system;
            this.group = group;
        }
    }

    private final AgentMetrics agent;
    private final int maxSeries;
    /** Send series per system, then per destination. */
    private final Map<String, BoundedSeries<SendSeries>> sends = new ConcurrentHashMap<>();
    /**
     * Receive series per system, then per consumer group ({@value #NO_GROUP} for brokers without
     * groups): two lookups by the strings the advice passes, no key object made per message.
     */
    private final Map<String, Map<String, GroupSeries>> groups = new ConcurrentHashMap<>();
    /** Settled messages per system and operation ({@code ack}, {@code nack}, {@code reject}). */
    private final Map<String, Map<String, LongAdder>> settlements = new ConcurrentHashMap<>();
    private final InstanceSeries<ConsumerState> consumers = new InstanceSeries<>();
    private final ConfirmTracker.Completion confirmedSend = (system, destination, bytes, refused, start) ->
            recordSend(system, destination, bytes, refused ? "nack" : null, Timing.elapsedSince(start));
    /** RabbitMQ channels in publisher-confirm mode, with their publishes waiting for the broker. */
    private final InstanceSeries<ConfirmTracker> confirmTrackers = new InstanceSeries<>();
    /** Consumers that brokers push to (RabbitMQ), to the queue they consume. */
    private final InstanceSeries<String> deliveryQueues = new InstanceSeries<>();
    private final ClassValue<Method[]> sizeMethods = new ClassValue<Method[]>() {
        @Override
        protected Method[] computeValue(Class<?> metadataType) {
            try {
                return new Method[] {metadataType.getMethod("serializedKeySize"), metadataType.getMethod("serializedValueSize")};
            } catch (NoSuchMethodException e) {
                return new Method[0];
            }
        }
    };

    public MessagingClientMetrics(AgentMetrics agent, int maxSeries) {
        this.agent = agent;
        this.maxSeries = maxSeries;
    }

    private BoundedSeries<SendSeries> sends(String system) {
        BoundedSeries<SendSeries> s = sends.get(system);
        if (s == null) {
            LongAdder droppedErrors = agent.droppedCounter("messaging.client.operation.errors");
            s = sends.computeIfAbsent(system, k -> new BoundedSeries<>(maxSeries,
                    agent.droppedCounter("messaging.client.sent.messages"), topic -> new SendSeries(maxSeries, droppedErrors)));
        }
        return s;
    }

    /** The inner map of {@code system}, made when the system first reports. */
    private static <T> Map<String, T> bySystem(Map<String, Map<String, T>> maps, String system) {
        Map<String, T> map = maps.get(system);
        return map != null ? map : maps.computeIfAbsent(system, k -> new ConcurrentHashMap<>());
    }

    private GroupSeries group(String system, String group) {
        String name = group == null ? NO_GROUP : group;
        GroupSeries g = bySystem(groups, system).get(name);
        return g != null ? g : bySystem(groups, system).computeIfAbsent(name, n -> new GroupSeries(system, n));
    }

    @Override
    public void sendCompleted(String system, String destination, Object metadata, Throwable error, long nanos) {
        try {
            recordSend(system, destination, error == null ? serializedSize(metadata) : 0,
                    error == null ? null : error.getClass().getName(), nanos);
        } catch (Throwable t) {
            agent.recorderError(system + ".send", t);
        }
    }

    @Override
    public void sent(String system, String destination, long bytes, String errorType, long nanos) {
        try {
            recordSend(system, destination, bytes, errorType, nanos);
        } catch (Throwable t) {
            agent.recorderError(system + ".send", t);
        }
    }

    private void recordSend(String system, String destination, long bytes, String errorType, long nanos) {
        SendSeries s = sends(system).get(destination);
        s.duration.record(nanos);
        if (errorType != null) {
            s.errors.get(errorType).increment();
            return;
        }
        s.messages.increment();
        s.bytes.add(bytes);
    }

    @Override
    public void received(String system, String destination, long bytes, long ageMillis, long nanos) {
        try {
            GroupSeries g = group(system, NO_GROUP);
            ReceiveSeries s = g.topics.get(destination);
            s.messages.increment();
            s.bytes.add(bytes);
            if (ageMillis >= 0) {
                s.age.record(TimeUnit.MILLISECONDS.toNanos(ageMillis));
            }
            g.pollDuration.record(nanos);
        } catch (Throwable t) {
            agent.recorderError(system + ".receive", t);
        }
    }

    @Override
    public void processed(String system, String destination, long nanos) {
        try {
            group(system, NO_GROUP).topics.get(destination).process.record(nanos);
        } catch (Throwable t) {
            agent.recorderError(system + ".process", t);
        }
    }

    @Override
    public void settled(String system, String operation) {
        try {
            Map<String, LongAdder> bySystem = bySystem(settlements, system);
            LongAdder count = bySystem.get(operation);
            (count != null ? count : bySystem.computeIfAbsent(operation, k -> new LongAdder())).increment();
        } catch (Throwable t) {
            agent.recorderError(system + ".settle", t);
        }
    }

    /** Key plus value bytes as the producer serialized them; -1 (absent) counts as 0. */
    private long serializedSize(Object metadata) throws ReflectiveOperationException {
        if (metadata == null) {
            return 0;
        }
        long size = 0;
        for (Method method : sizeMethods.get(metadata.getClass())) {
            size += Math.max(0, ((Number) method.invoke(metadata)).longValue());
        }
        return size;
    }

    @Override
    public boolean sentAwaitingConfirm(Object channel, long seqNo, String system, String destination, long bytes, long start) {
        try {
            ConfirmTracker tracker = confirmTrackers.get(channel);
            if (tracker == null) {
                tracker = confirmTrackers.register(channel, new ConfirmTracker(system));
            }
            return tracker.published(seqNo, destination, bytes, start);
        } catch (Throwable t) {
            agent.recorderError(system + ".send", t);
            return false;
        }
    }

    @Override
    public void confirmCancelled(Object channel, long seqNo) {
        ConfirmTracker tracker = confirmTrackers.get(channel);
        if (tracker != null) {
            tracker.cancelled(seqNo);
        }
    }

    @Override
    public void confirmed(Object channel, long seqNo, boolean multiple, boolean nack) {
        try {
            ConfirmTracker tracker = confirmTrackers.get(channel);
            if (tracker != null) {
                tracker.confirmed(seqNo, multiple, nack, confirmedSend);
            }
        } catch (Throwable t) {
            agent.recorderError("messaging.confirm", t);
        }
    }

    @Override
    public void deliversFrom(Object consumer, String destination) {
        try {
            deliveryQueues.register(consumer, destination);
        } catch (Throwable t) {
            agent.recorderError("messaging.consume", t);
        }
    }

    @Override
    public String destinationOf(Object consumer) {
        return deliveryQueues.get(consumer);
    }

    @Override
    public void consumerSeen(Object consumer, String system, String group) {
        try {
            consumers.register(consumer, new ConsumerState(system, group(system, group)));
        } catch (Throwable t) {
            agent.recorderError("kafka.poll", t);
        }
    }

    @Override
    public boolean knowsConsumer(Object consumer) {
        return consumers.get(consumer) != null;
    }

    @Override
    public void consumed(Object consumer, String destination, long bytes, long ageMillis) {
        try {
            ConsumerState state = consumers.get(consumer);
            if (state == null) {
                return;
            }
            ReceiveSeries s = state.group.topics.get(destination);
            s.messages.increment();
            s.bytes.add(bytes);
            s.age.record(TimeUnit.MILLISECONDS.toNanos(Math.max(0, ageMillis)));
        } catch (Throwable t) {
            agent.recorderError("kafka.poll", t);
        }
    }

    @Override
    public void pollStarting(Object consumer) {
        try {
            ConsumerState state = consumers.get(consumer);
            if (state != null && state.lastBatchReturned != 0) {
                state.group.processDuration.record(System.nanoTime() - state.lastBatchReturned);
                state.lastBatchReturned = 0;
            }
        } catch (Throwable t) {
            agent.recorderError("kafka.poll", t);
        }
    }

    @Override
    public void polled(Object consumer, int records, long nanos) {
        try {
            ConsumerState state = consumers.get(consumer);
            if (state != null && records > 0) {
                state.group.pollDuration.record(nanos);
                state.lastBatchReturned = System.nanoTime();
            }
        } catch (Throwable t) {
            agent.recorderError("kafka.poll", t);
        }
    }

    @Override
    public boolean lagDue(Object consumer, int records) {
        ConsumerState state = consumers.get(consumer);
        if (state == null) {
            return false;
        }
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

    @Override
    public void lag(Object consumer, String destination, int partition, long lag) {
        ConsumerState state = consumers.get(consumer);
        if (state != null && state.lagBeingReported != null) {
            state.lagBeingReported.put(destination + "\u0000" + partition, lag);
        }
    }

    @Override
    public void lagReported(Object consumer) {
        ConsumerState state = consumers.get(consumer);
        if (state != null && state.lagBeingReported != null) {
            state.lagByPartition = state.lagBeingReported;
            state.lagBeingReported = null;
        }
    }

    @Override
    public void consumerClosed(Object consumer) {
        ConsumerState state = consumers.get(consumer);
        if (state != null) {
            state.closed = true;
        }
    }

    @Override
    public void collect(MetricWriter out) {
        sends.forEach((system, bySystem) -> bySystem.forEach((topic, s) -> {
            Attributes attributes = Attributes.of(SYSTEM, system, OPERATION, "send", DESTINATION, topic);
            out.counter("messaging.client.sent.messages", "Messages sent", "{message}", attributes, s.messages.sum());
            out.counter("messaging.client.sent.bytes", "Payload bytes sent", "By", attributes, s.bytes.sum());
            s.errors.forEach((type, count) -> out.counter("messaging.client.operation.errors",
                    "Send or receive calls that failed, by exception type", "",
                    attributes.toBuilder().put(ERROR_TYPE, type).build(), count.sum()));
            out.histogram("messaging.client.operation.duration", "Duration of sends, until acknowledged, and of polls",
                    attributes, s.duration);
        }));
        for (Map<String, GroupSeries> bySystem : groups.values()) {
            for (GroupSeries g : bySystem.values()) {
                g.topics.forEach((topic, s) -> {
                    Attributes attributes = g.attributes(Attributes.of(SYSTEM, g.system, OPERATION, "receive", DESTINATION, topic));
                    out.counter("messaging.client.consumed.messages", "Messages consumed", "{message}", attributes, s.messages.sum());
                    out.counter("messaging.client.consumed.bytes", "Payload bytes consumed", "By", attributes, s.bytes.sum());
                    out.histogram("messaging.record.age", "Consume time minus the record's timestamp",
                            g.attributes(Attributes.of(SYSTEM, g.system, DESTINATION, topic)), s.age);
                    if (s.process.count() > 0) {
                        out.histogram("messaging.process.duration", PROCESS_HELP,
                                g.attributes(Attributes.of(SYSTEM, g.system, DESTINATION, topic)), s.process);
                    }
                });
                out.histogram("messaging.client.operation.duration", "Duration of sends, until acknowledged, and of polls",
                        g.attributes(Attributes.of(SYSTEM, g.system, OPERATION, "receive")), g.pollDuration);
                if (g.processDuration.count() > 0) {
                    out.histogram("messaging.process.duration", PROCESS_HELP, g.attributes(Attributes.of(SYSTEM, g.system)),
                            g.processDuration);
                }
            }
        }
        settlements.forEach((system, bySystem) -> bySystem.forEach((operation, count) -> out.counter("messaging.client.settlements",
                "Delivered messages the app settled, by operation (ack, nack, reject); a multiple ack counts once", "",
                Attributes.of(SYSTEM, system, OPERATION, operation), count.sum())));
        Map<String, Long> lag = new TreeMap<>();
        consumers.forEach((consumer, state) -> {
            if (!state.closed) {
                state.lagByPartition.forEach((partition, value) -> lag.merge(state.group.group + "\u0000" + partition, value, Math::max));
            }
        });
        // a closed consumer's last report stands for partitions no live consumer of its group reports
        consumers.forEach((consumer, state) -> {
            if (state.closed) {
                state.lagByPartition.forEach((partition, value) -> lag.putIfAbsent(state.group.group + "\u0000" + partition, value));
            }
        });
        lag.forEach((key, value) -> {
            String[] parts = key.split("\u0000");
            out.gauge("messaging.consumer.lag", "Records a group has yet to read, per partition, from its consumers' fetch state",
                    "{message}", Attributes.of(SYSTEM, "kafka", GROUP, parts[0], DESTINATION, parts[1], PARTITION, parts[2]), value);
        });
    }
}
