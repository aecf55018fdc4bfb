package io.bytemeter.instrumentation.rabbitmq;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import io.bytemeter.bootstrap.MessagingRecorder;
import io.bytemeter.bootstrap.RabbitDestinations;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.Transformations;
import java.util.Date;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * RabbitMQ's Java client ({@code com.rabbitmq:amqp-client} 5.x), with no setting. Every channel is
 * a {@code ChannelN} (the recovering ones delegate to a {@code RecoveryAwareChannelN}, which
 * replaces only the settling methods), so their own methods see each call once:
 *
 * <ul>
 *   <li>{@code basicPublish}: a sent message per call with its body's bytes, to
 *       {@link RabbitDestinations its destination}; the call's duration, or, with publisher
 *       confirms on, the time to the broker's ack ({@code handleAckNack}; a nack is an error
 *       {@code nack}); what it threw, by type (a
 *       publish on a closed channel or connection); a {@code mandatory} message the broker returns
 *       unroutable counts as an {@code unroutable} error of its destination;
 *   <li>deliveries: every {@code Consumer.handleDelivery} (the app's own consumer classes, and the
 *       client's wrapper around {@code DeliverCallback}s), per queue (known from
 *       {@code basicConsume}): messages, bytes, age from the {@code timestamp} property, and how
 *       long the handler took; {@code basicGet} that returned a message: the same, and the get's duration;
 *   <li>{@code basicAck}, {@code basicNack}, {@code basicReject}: settlements by operation (a
 *       {@code multiple} ack counts once).
 * </ul>
 */
public final class RabbitMqInstrumentation implements Instrumentation {

    private static final String CHANNEL = "com.rabbitmq.client.impl.ChannelN";
    /** What a recovering connection's channels delegate to: its acks, nacks and rejects do not call ChannelN's. */
    private static final String RECOVERY_AWARE_CHANNEL = "com.rabbitmq.client.impl.recovery.RecoveryAwareChannelN";
    private static final String CONSUMER = "com.rabbitmq.client.Consumer";

    @Override
    public String name() {
        return "rabbitmq";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(CHANNEL, RECOVERY_AWARE_CHANNEL).and(Candidates.subtypesOf(CONSUMER));
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        return builder
                .type(named(CHANNEL))
                .transform(new InlineAdvice()
                        .advice(Methods.PUBLISH, advice("PublishAdvice"))
                        .advice(Methods.CONSUME, advice("ConsumeAdvice"))
                        .advice(Methods.GET, advice("GetAdvice"))
                        .advice(Methods.SETTLE, advice("SettleAdvice"))
                        .advice(Methods.RETURN, advice("ReturnAdvice"))
                        .advice(Methods.CONFIRM, advice("ConfirmAdvice")))
                .type(named(RECOVERY_AWARE_CHANNEL))
                .transform(new InlineAdvice()
                        .advice(Methods.SETTLE, advice("SettleAdvice")))
                .type(not(isInterface()).and(hasSuperType(named(CONSUMER))))
                .transform(new InlineAdvice()
                        .advice(Methods.HANDLE_DELIVERY, advice("DeliveryAdvice")));
    }

    private static String advice(String simpleName) {
        return RabbitMqInstrumentation.class.getName() + "$" + simpleName;
    }

    private static final class Methods {
        static final ElementMatcher.Junction<MethodDescription> PUBLISH = named("basicPublish").and(takesArguments(6));
        static final ElementMatcher.Junction<MethodDescription> CONSUME = named("basicConsume").and(takesArguments(7))
                .and(takesArgument(6, named(CONSUMER)));
        static final ElementMatcher.Junction<MethodDescription> GET = named("basicGet").and(takesArguments(2));
        static final ElementMatcher.Junction<MethodDescription> SETTLE = named("basicAck").and(takesArguments(2))
                .or(named("basicNack").and(takesArguments(3)))
                .or(named("basicReject").and(takesArguments(2)));
        static final ElementMatcher.Junction<MethodDescription> RETURN = named("callReturnListeners").and(takesArguments(2));
        static final ElementMatcher.Junction<MethodDescription> CONFIRM = named("handleAckNack").and(takesArguments(3));
        static final ElementMatcher.Junction<MethodDescription> HANDLE_DELIVERY = named("handleDelivery")
                .and(takesArguments(4)).and(not(isAbstract()));
    }

    /**
     * A publish; on a channel in confirm mode ({@code nextPublishSeqNo} above 0, the number this
     * publish gets) it is counted when the broker confirms it, its duration running until then.
     */
    public static class PublishAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.This Object channel, @Advice.FieldValue("nextPublishSeqNo") long seqNo,
                @Advice.Argument(0) String exchange, @Advice.Argument(1) String routingKey, @Advice.Argument(5) byte[] body,
                @Advice.Local("awaitingConfirm") boolean awaitingConfirm, @Advice.Local("seqNo") long noted) {
            long start = Timing.start();
            noted = seqNo;
            // noted before the message goes out: the broker's ack may arrive before this method returns
            awaitingConfirm = seqNo > 0 && MessagingRecorder.clientSentAwaitingConfirm(channel, seqNo, "rabbitmq",
                    RabbitDestinations.of(exchange, routingKey), body == null ? 0 : body.length, start);
            return start;
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object channel, @Advice.Argument(0) String exchange,
                @Advice.Argument(1) String routingKey, @Advice.Argument(5) byte[] body, @Advice.Enter long start,
                @Advice.Local("awaitingConfirm") boolean awaitingConfirm, @Advice.Local("seqNo") long noted,
                @Advice.Thrown Throwable error) {
            if (awaitingConfirm && error == null) {
                return;
            }
            if (awaitingConfirm) {
                MessagingRecorder.clientConfirmCancelled(channel, noted);
            }
            MessagingRecorder.clientSent("rabbitmq", RabbitDestinations.of(exchange, routingKey), body == null ? 0 : body.length,
                    error, start);
        }
    }

    /** The broker's ack or nack of published messages, on the connection's thread. */
    public static class ConfirmAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object channel, @Advice.Argument(0) long seqNo,
                @Advice.Argument(1) boolean multiple, @Advice.Argument(2) boolean nack) {
            MessagingRecorder.clientConfirmed(channel, seqNo, multiple, nack);
        }
    }

    /** The queue a consumer is registered for: where its deliveries come from. */
    public static class ConsumeAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Argument(0) String queue, @Advice.Argument(6) Object consumer) {
            MessagingRecorder.deliversFrom(consumer, queue);
        }
    }

    public static class GetAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Argument(0) String queue, @Advice.Return GetResponse response, @Advice.Enter long start) {
            if (response != null) {
                AMQP.BasicProperties properties = response.getProps();
                Date timestamp = properties == null ? null : properties.getTimestamp();
                byte[] body = response.getBody();
                MessagingRecorder.clientReceived("rabbitmq", queue, body == null ? 0 : body.length,
                        timestamp == null ? -1 : Math.max(0, System.currentTimeMillis() - timestamp.getTime()), start);
            }
        }
    }

    /** {@code basicAck}, {@code basicNack}, {@code basicReject}: a settlement, named by the method. */
    public static class SettleAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Origin("#m") String method) {
            MessagingRecorder.settled("rabbitmq", method.equals("basicAck") ? "ack" : method.equals("basicNack") ? "nack" : "reject");
        }
    }

    /** The broker returned a {@code mandatory} message it could not route. */
    public static class ReturnAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(1) AMQP.Basic.Return returned) {
            MessagingRecorder.clientSendReturned("rabbitmq", RabbitDestinations.of(returned.getExchange(), returned.getRoutingKey()));
        }
    }

    /** A delivery to the app's consumer: counted once however many handler classes it passes through. */
    public static class DeliveryAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.Local("outermost") boolean outermost) {
            outermost = MessagingRecorder.enterHandler();
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object consumer, @Advice.Argument(1) Envelope envelope,
                @Advice.Argument(2) AMQP.BasicProperties properties, @Advice.Argument(3) byte[] body,
                @Advice.Enter long start, @Advice.Local("outermost") boolean outermost) {
            MessagingRecorder.exitHandler();
            if (!outermost) {
                return;
            }
            String queue = MessagingRecorder.destinationOf(consumer);
            if (queue == null) {
                queue = envelope == null ? "unknown" : RabbitDestinations.of(envelope.getExchange(), envelope.getRoutingKey());
            }
            Date timestamp = properties == null ? null : properties.getTimestamp();
            MessagingRecorder.clientReceived("rabbitmq", queue, body == null ? 0 : body.length,
                    timestamp == null ? -1 : Math.max(0, System.currentTimeMillis() - timestamp.getTime()), Timing.NOT_TIMED);
            MessagingRecorder.processed("rabbitmq", queue, start);
        }
    }
}
