package io.bytemeter.instrumentation.roles;

import io.bytemeter.bootstrap.MessagingRecorder;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.MethodSpec;
import io.bytemeter.instrumentation.Role;
import io.bytemeter.instrumentation.SiteId;
import io.bytemeter.instrumentation.roles.MessageMapping.Destination;
import io.bytemeter.instrumentation.roles.MessageMapping.Payload;
import net.bytebuddy.asm.Advice;

/**
 * Custom brokers and clients: {@code bytemeter.messaging.produce} and {@code .consume}. Messages
 * and bytes come from the payload ({@code byte[]}, {@code CharSequence}, {@code ByteBuffer}, or a
 * collection or array of those: a consume returning a list counts its size), the destination from
 * a {@code String} parameter (see {@link MessageParameters}). Produces, for topic {@code orders}:
 *
 * <pre>
 * messaging_client_sent_messages_total{messaging_destination_name="orders",messaging_operation_name="send",messaging_system="InMemoryBroker"} 1000.0
 * messaging_client_sent_bytes_total{messaging_destination_name="orders",messaging_operation_name="send",messaging_system="InMemoryBroker"} 64000.0
 * messaging_client_operation_duration_seconds_count{messaging_destination_name="orders",messaging_operation_name="receive",messaging_system="InMemoryBroker"} 120
 * </pre>
 */
public final class MessagingRoleInstrumentation extends RoleInstrumentation {

    public MessagingRoleInstrumentation() {
        super(Role.MESSAGING_PRODUCE, Role.MESSAGING_CONSUME);
    }

    @Override
    public String name() {
        return "messaging-roles";
    }

    @Override
    Advice.WithCustomMapping mapping(Advice.WithCustomMapping mapping, Role role) {
        return mapping
                .bind(role == Role.MESSAGING_PRODUCE ? MessageMapping.sentPayload() : MessageMapping.receivedPayload())
                .bind(MessageMapping.destination());
    }

    @Override
    InlineAdvice advise(InlineAdvice advice, Role role, MethodSpec spec) {
        return advice.advice(spec.methodMatcher(),
                adviceName(role == Role.MESSAGING_PRODUCE ? "ProduceAdvice" : "ConsumeAdvice"));
    }

    public static class ProduceAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@SiteId int site, @Advice.Enter long start, @Destination String destination,
                @Payload Object payload, @Advice.Thrown Throwable error) {
            MessagingRecorder.sent(site, destination, payload, error, start);
        }
    }

    public static class ConsumeAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@SiteId int site, @Advice.Enter long start, @Destination String destination,
                @Payload Object payload, @Advice.Thrown Throwable error) {
            MessagingRecorder.received(site, destination, payload, error, start);
        }
    }
}
