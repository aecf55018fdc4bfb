package io.bytemeter.agent.metrics;

import static io.bytemeter.agent.metrics.MessagingAttributes.OPERATION;
import static io.bytemeter.agent.metrics.MessagingAttributes.SYSTEM;

import io.opentelemetry.api.common.Attributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Deliveries the app settled, per system and operation ({@code ack}, {@code nack}, {@code reject}):
 *
 * <pre>
 * messaging_client_settlements_total{messaging_operation_name="ack",messaging_system="rabbitmq"} 1990.0
 * </pre>
 */
final class MessageSettlements {

    private final Map<String, Map<String, LongAdder>> bySystem = new ConcurrentHashMap<>();

    void settled(String system, String operation) {
        Map<String, LongAdder> operations = bySystem.get(system);
        if (operations == null) {
            operations = bySystem.computeIfAbsent(system, k -> new ConcurrentHashMap<>());
        }
        LongAdder count = operations.get(operation);
        (count != null ? count : operations.computeIfAbsent(operation, k -> new LongAdder())).increment();
    }

    void collect(MetricWriter out) {
        bySystem.forEach((system, operations) -> operations.forEach((operation, count) -> out.counter(
                "messaging.client.settlements",
                "Delivered messages the app settled, by operation (ack, nack, reject); a multiple ack counts once", "",
                Attributes.of(SYSTEM, system, OPERATION, operation), count.sum())));
    }
}
