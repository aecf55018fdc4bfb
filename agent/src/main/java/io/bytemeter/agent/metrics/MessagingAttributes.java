package io.bytemeter.agent.metrics;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.concurrent.atomic.LongAdder;

/** OpenTelemetry's messaging attribute names, and what the messaging concerns write alike. */
final class MessagingAttributes {

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    static final String DURATION_HELP = "Duration of sends, until acknowledged, and of receive calls and polls";

    private MessagingAttributes() {}

    /** {@code messaging.client.operation.errors}, one point per error type seen on the series {@code attributes} names. */
    static void writeErrors(MetricWriter out, Attributes attributes, BoundedSeries<LongAdder> errors) {
        errors.forEach((type, count) -> out.counter("messaging.client.operation.errors",
                "Send or receive calls that failed, by error type", "",
                attributes.toBuilder().put(ERROR_TYPE, type).build(), count.sum()));
    }
}
