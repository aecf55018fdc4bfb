package io.bytemeter.agent.metrics;

import io.bytemeter.bootstrap.Timing;
import io.opentelemetry.api.common.Attributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Messages sent, by every broker's client and every custom producer, per system and destination:
 * messages, bytes, errors by type and the send's duration, which runs to the broker's ack where
 * the library waits for one (Kafka's callback; RabbitMQ's publisher confirms, kept here per channel
 * by {@link ConfirmTracker}):
 *
 * <pre>
 * messaging_client_sent_messages_total{messaging_destination_name="orders",messaging_operation_name="send",messaging_system="kafka"} 3000.0
 * messaging_client_sent_bytes_total{messaging_destination_name="orders",messaging_operation_name="send",messaging_system="kafka"} 412345.0
 * messaging_client_operation_errors_total{error_type="nack",messaging_destination_name="invoices",messaging_operation_name="send",messaging_system="rabbitmq"} 2.0
 * messaging_client_operation_duration_seconds_count{messaging_destination_name="orders",messaging_operation_name="send",messaging_system="kafka"} 3000
 * </pre>
 */
final class MessageSends {

    private static final class Series {
        final LongAdder messages = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final BoundedSeries<LongAdder> errors;
        final LatencyHistogram duration = new LatencyHistogram(Buckets.MESSAGING);

        Series(int maxSeries, LongAdder droppedErrors) {
            errors = new BoundedSeries<>(maxSeries, droppedErrors, type -> new LongAdder());
        }
    }

    private final AgentMetrics agent;
    private final int maxSeries;
    /** Per system, then per destination. */
    private final Map<String, BoundedSeries<Series>> bySystem = new ConcurrentHashMap<>();
    /** Channels in publisher-confirm mode, with their publishes waiting for the broker. */
    private final InstanceSeries<ConfirmTracker> confirmTrackers = new InstanceSeries<>();
    private final ConfirmTracker.Completion confirmedSend = (system, destination, bytes, refused, start) ->
            record(system, destination, 1, bytes, refused ? "nack" : null, Timing.elapsedSince(start));

    MessageSends(AgentMetrics agent, int maxSeries) {
        this.agent = agent;
        this.maxSeries = maxSeries;
    }

    /** {@code messages} sent in one call (a custom producer's batch), or the call's error ({@code errorType} not null). */
    void record(String system, String destination, long messages, long bytes, String errorType, long nanos) {
        Series s = destinations(system).get(destination);
        s.duration.recordWeighted(nanos, Timing.remoteInterval());
        if (errorType != null) {
            s.errors.get(errorType).increment();
            return;
        }
        s.messages.add(messages);
        s.bytes.add(bytes);
    }

    private BoundedSeries<Series> destinations(String system) {
        BoundedSeries<Series> s = bySystem.get(system);
        if (s == null) {
            LongAdder droppedErrors = agent.droppedCounter("messaging.client.operation.errors");
            s = bySystem.computeIfAbsent(system, k -> new BoundedSeries<>(maxSeries,
                    agent.droppedCounter("messaging.client.sent.messages"), destination -> new Series(maxSeries, droppedErrors)));
        }
        return s;
    }

    boolean awaitConfirm(Object channel, long seqNo, String system, String destination, long bytes, long start) {
        ConfirmTracker tracker = confirmTrackers.get(channel);
        if (tracker == null) {
            tracker = confirmTrackers.register(channel, new ConfirmTracker(system));
        }
        return tracker.published(seqNo, destination, bytes, start);
    }

    void confirmCancelled(Object channel, long seqNo) {
        ConfirmTracker tracker = confirmTrackers.get(channel);
        if (tracker != null) {
            tracker.cancelled(seqNo);
        }
    }

    void confirmed(Object channel, long seqNo, boolean multiple, boolean nack) {
        ConfirmTracker tracker = confirmTrackers.get(channel);
        if (tracker != null) {
            tracker.confirmed(seqNo, multiple, nack, confirmedSend);
        }
    }

    void collect(MetricWriter out) {
        bySystem.forEach((system, destinations) -> destinations.forEach((destination, s) -> {
            Attributes attributes = Attributes.of(MessagingAttributes.SYSTEM, system, MessagingAttributes.OPERATION, "send",
                    MessagingAttributes.DESTINATION, destination);
            out.counter("messaging.client.sent.messages", "Messages sent", "{message}", attributes, s.messages.sum());
            out.counter("messaging.client.sent.bytes", "Payload bytes sent", "By", attributes, s.bytes.sum());
            MessagingAttributes.writeErrors(out, attributes, s.errors);
            out.histogram("messaging.client.operation.duration", MessagingAttributes.DURATION_HELP, attributes, s.duration);
        }));
    }
}
