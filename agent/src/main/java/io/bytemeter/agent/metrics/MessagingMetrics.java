package io.bytemeter.agent.metrics;

import io.bytemeter.bootstrap.MessagingSink;
import io.bytemeter.instrumentation.Role;
import io.bytemeter.instrumentation.Site;
import io.bytemeter.instrumentation.Sites;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.concurrent.atomic.LongAdder;

/**
 * The messaging family, with OpenTelemetry's messaging names. For custom code,
 * {@code messaging.system} is the instance name (the class, or {@code bytemeter.messaging.names})
 * and the destination is the method's {@code String} parameter, else the instance name too:
 *
 * <pre>
 * messaging_client_sent_messages_total{messaging_destination_name="orders",messaging_operation_name="send",messaging_system="InMemoryBroker"} 1000.0
 * messaging_client_sent_bytes_total{messaging_destination_name="orders",messaging_operation_name="send",messaging_system="InMemoryBroker"} 64000.0
 * messaging_client_consumed_messages_total{messaging_destination_name="orders",messaging_operation_name="receive",messaging_system="InMemoryBroker"} 1000.0
 * messaging_client_operation_errors_total{error_type="java.lang.IllegalStateException",messaging_destination_name="orders",messaging_operation_name="send",messaging_system="InMemoryBroker"} 2.0
 * messaging_client_operation_duration_seconds_count{messaging_destination_name="orders",messaging_operation_name="receive",messaging_system="InMemoryBroker"} 120
 * </pre>
 */
public final class MessagingMetrics implements MessagingSink, MetricSource {

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.name");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    /** One system's sends or receives, by destination. */
    private final class Operation {
        final String system;
        final String name;
        final boolean sending;
        final BoundedSeries<Destination> destinations;
        final Destination unnamed;

        Operation(String system, boolean sending) {
            this.system = system;
            this.sending = sending;
            this.name = sending ? "send" : "receive";
            String countName = sending ? "messaging.client.sent.messages" : "messaging.client.consumed.messages";
            this.destinations = new BoundedSeries<>(maxSeries, agent.droppedCounter(countName), Destination::new);
            this.unnamed = new Destination(system);
        }

        Destination destination(String destination) {
            return destination == null ? unnamed : destinations.get(destination);
        }

        void record(String destination, Object payload, Throwable error, long nanos) {
            Destination d = destination(destination);
            d.duration.record(nanos);
            if (error != null) {
                d.errors.get(error.getClass().getName()).increment();
                return;
            }
            long messages = sending && payload == null ? 1 : Payloads.messages(payload);
            d.messages.add(messages);
            d.bytes.add(Payloads.bytes(payload));
        }
    }

    private final class Destination {
        final String name;
        final LongAdder messages = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final BoundedSeries<LongAdder> errors =
                new BoundedSeries<>(maxSeries, agent.droppedCounter("messaging.client.operation.errors"), t -> new LongAdder());
        final LatencyHistogram duration = new LatencyHistogram(Buckets.MESSAGING);

        Destination(String name) {
            this.name = name;
        }
    }

    private final AgentMetrics agent;
    private final int maxSeries;
    private final SiteSeries<Operation> operations;

    public MessagingMetrics(Sites sites, AgentMetrics agent, int maxSeries) {
        this.agent = agent;
        this.maxSeries = maxSeries;
        this.operations = new SiteSeries<>(sites, site -> site.name() + " " + site.role(),
                site -> new Operation(site.name(), site.role() == Role.MESSAGING_PRODUCE));
    }

    @Override
    public void sent(int site, String destination, Object payload, Throwable error, long nanos) {
        try {
            operations.get(site).record(destination, payload, error, nanos);
        } catch (Throwable t) {
            agent.recorderError("messaging.produce", t);
        }
    }

    @Override
    public void received(int site, String destination, Object payload, Throwable error, long nanos) {
        try {
            operations.get(site).record(destination, payload, error, nanos);
        } catch (Throwable t) {
            agent.recorderError("messaging.consume", t);
        }
    }

    @Override
    public void collect(MetricWriter out) {
        for (Operation op : operations.all()) {
            String prefix = op.sending ? "messaging.client.sent." : "messaging.client.consumed.";
            String verb = op.sending ? "sent" : "consumed";
            java.util.function.BiConsumer<String, Destination> write = (name, d) -> {
                Attributes attributes = Attributes.of(SYSTEM, op.system, OPERATION, op.name, DESTINATION, d.name);
                out.counter(prefix + "messages", "Messages " + verb, "{message}", attributes, d.messages.sum());
                out.counter(prefix + "bytes", "Payload bytes " + verb, "By", attributes, d.bytes.sum());
                d.errors.forEach((type, count) -> out.counter("messaging.client.operation.errors",
                        "Send or receive calls that threw, by exception type", "",
                        attributes.toBuilder().put(ERROR_TYPE, type).build(), count.sum()));
                out.histogram("messaging.client.operation.duration", "Duration of send and receive calls",
                        attributes, d.duration);
            };
            op.destinations.forEach(write);
            if (op.unnamed.messages.sum() > 0 || !op.unnamed.duration.isEmpty()) {
                write.accept(op.system, op.unnamed);
            }
        }
    }
}
