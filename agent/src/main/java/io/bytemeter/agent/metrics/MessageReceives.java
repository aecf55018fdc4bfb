package io.bytemeter.agent.metrics;

import static io.bytemeter.agent.metrics.MessagingAttributes.DESTINATION;
import static io.bytemeter.agent.metrics.MessagingAttributes.GROUP;
import static io.bytemeter.agent.metrics.MessagingAttributes.OPERATION;
import static io.bytemeter.agent.metrics.MessagingAttributes.SYSTEM;

import io.bytemeter.bootstrap.Timing;
import io.opentelemetry.api.common.Attributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Messages the app received, by every broker's client and every custom consumer, per system,
 * consumer group (none for brokers without groups) and destination: messages, bytes, the record's
 * age, the time the app's consumer took with a delivery, receive calls' errors and duration. A
 * poll that spans destinations (Kafka) or a fetch is timed per group; a custom receive per
 * destination:
 *
 * <pre>
 * messaging_client_consumed_messages_total{messaging_consumer_group_name="billing",messaging_destination_name="orders",messaging_operation_name="receive",messaging_system="kafka"} 3000.0
 * messaging_record_age_seconds_count{messaging_consumer_group_name="billing",messaging_destination_name="orders",messaging_system="kafka"} 3000
 * messaging_client_operation_duration_seconds_count{messaging_consumer_group_name="billing",messaging_operation_name="receive",messaging_system="kafka"} 41
 * messaging_process_duration_seconds_count{messaging_consumer_group_name="billing",messaging_system="kafka"} 41
 * messaging_process_duration_seconds_count{messaging_destination_name="invoices",messaging_system="rabbitmq"} 2000
 * </pre>
 */
final class MessageReceives {

    /** The group of receives by a client without consumer groups. */
    static final String NO_GROUP = "";
    private static final String PROCESS_HELP =
            "Time the app spent on a batch (Kafka: from its poll's return to the next poll) or on a delivered message";

    private final class Series {
        final LongAdder messages = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final LatencyHistogram age = new LatencyHistogram(Buckets.RECORD_AGE);
        /** Pushed deliveries: how long the app's consumer took with each. */
        final LatencyHistogram process = new LatencyHistogram(Buckets.MESSAGING);
        /** Receive calls on this destination (custom consumers). */
        final LatencyHistogram duration = new LatencyHistogram(Buckets.MESSAGING);
        final BoundedSeries<LongAdder> errors =
                new BoundedSeries<>(maxSeries, agent.droppedCounter("messaging.client.operation.errors"), type -> new LongAdder());
    }

    /** One system's receives by one consumer group. */
    final class Group {
        final String system;
        final String name;
        final BoundedSeries<Series> destinations;
        /** Polls and fetches, which are not of one destination. */
        final LatencyHistogram pollDuration = new LatencyHistogram(Buckets.MESSAGING);
        /** Batches: from a poll's return to the next poll. */
        final LatencyHistogram processDuration = new LatencyHistogram(Buckets.MESSAGING);

        Group(String system, String name) {
            this.system = system;
            this.name = name;
            this.destinations = new BoundedSeries<>(maxSeries, agent.droppedCounter("messaging.client.consumed.messages"),
                    destination -> new Series());
        }

        /** {@code messages} received from {@code destination}; {@code ageMillis} negative when they carry no timestamp. */
        void received(String destination, long messages, long bytes, long ageMillis) {
            Series s = destinations.get(destination);
            s.messages.add(messages);
            s.bytes.add(bytes);
            if (ageMillis >= 0) {
                s.age.record(TimeUnit.MILLISECONDS.toNanos(ageMillis));
            }
        }

        void processed(String destination, long nanos) {
            destinations.get(destination).process.recordWeighted(nanos, Timing.remoteInterval());
        }

        /** A receive call on {@code destination}: its duration, and its error type when it threw. */
        void called(String destination, String errorType, long nanos) {
            Series s = destinations.get(destination);
            s.duration.recordWeighted(nanos, Timing.remoteInterval());
            if (errorType != null) {
                s.errors.get(errorType).increment();
            }
        }

        /** {@code attributes} with the group's, when it has one. */
        Attributes attributes(Attributes attributes) {
            return name.equals(NO_GROUP) ? attributes : attributes.toBuilder().put(GROUP, name).build();
        }
    }

    private final AgentMetrics agent;
    private final int maxSeries;
    /** Per system, then per group: two lookups by the strings the advice passes, no key object made per message. */
    private final Map<String, Map<String, Group>> groups = new ConcurrentHashMap<>();
    /** Consumers that brokers push to (RabbitMQ), to the queue they consume. */
    private final InstanceSeries<String> deliveryQueues = new InstanceSeries<>();

    MessageReceives(AgentMetrics agent, int maxSeries) {
        this.agent = agent;
        this.maxSeries = maxSeries;
    }

    Group group(String system, String group) {
        String name = group == null ? NO_GROUP : group;
        Map<String, Group> bySystem = groups.get(system);
        if (bySystem == null) {
            bySystem = groups.computeIfAbsent(system, k -> new ConcurrentHashMap<>());
        }
        Group g = bySystem.get(name);
        return g != null ? g : bySystem.computeIfAbsent(name, n -> new Group(system, n));
    }

    void deliversFrom(Object consumer, String destination) {
        deliveryQueues.register(consumer, destination);
    }

    String destinationOf(Object consumer) {
        return deliveryQueues.get(consumer);
    }

    void collect(MetricWriter out) {
        for (Map<String, Group> bySystem : groups.values()) {
            for (Group g : bySystem.values()) {
                g.destinations.forEach((destination, s) -> {
                    Attributes receive = g.attributes(Attributes.of(SYSTEM, g.system, OPERATION, "receive", DESTINATION, destination));
                    Attributes of = g.attributes(Attributes.of(SYSTEM, g.system, DESTINATION, destination));
                    out.counter("messaging.client.consumed.messages", "Messages consumed", "{message}", receive, s.messages.sum());
                    out.counter("messaging.client.consumed.bytes", "Payload bytes consumed", "By", receive, s.bytes.sum());
                    MessagingAttributes.writeErrors(out, receive, s.errors);
                    out.histogram("messaging.client.operation.duration", MessagingAttributes.DURATION_HELP, receive, s.duration);
                    out.histogram("messaging.record.age", "Consume time minus the record's timestamp", of, s.age);
                    out.histogram("messaging.process.duration", PROCESS_HELP, of, s.process);
                });
                out.histogram("messaging.client.operation.duration", MessagingAttributes.DURATION_HELP,
                        g.attributes(Attributes.of(SYSTEM, g.system, OPERATION, "receive")), g.pollDuration);
                out.histogram("messaging.process.duration", PROCESS_HELP, g.attributes(Attributes.of(SYSTEM, g.system)),
                        g.processDuration);
            }
        }
    }
}
