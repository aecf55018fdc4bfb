package io.bytemeter.instrumentation.rocketmq;

import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.MessagingRecorder;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.HelperClasses;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.LibraryShape;
import io.bytemeter.instrumentation.Transformations;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageView;

/**
 * Apache RocketMQ's 5.x gRPC client ({@code rocketmq-client-java} 5.0 to 5.2, which talks to a
 * RocketMQ proxy). Sends at {@code ProducerImpl}'s public {@code send} (with or without a
 * transaction; recorded as it returns or throws, after the client's own retries) and
 * {@code sendAsync} (recorded when the future the app got completes, by a
 * {@link RocketMqGrpcCompletion}, the one object added per asynchronous call). Push and simple
 * consumers are consumers of their group from when they are made. A push consumer hands each message
 * to the app's listener in a {@code ConsumeTask}: the message is received as the task starts, the
 * listener's time is its processing, and the listener's answer a settlement ({@code SUCCESS} an ack,
 * anything else, a throw included, a nack: the client asks for it again later). A simple consumer's
 * {@code receive} (and {@code receiveAsync}) is a poll of the messages it returns, and its
 * {@code ack}/{@code ackAsync} (both at {@code ack0}) an ack. Changing a message's invisible time is
 * not counted: an app uses it both to ask again and to take longer. What each means is
 * {@link RocketMqGrpcMessages}', a helper in the client's loader.
 */
public final class RocketMqGrpcInstrumentation implements Instrumentation {

    private static final String CLIENT = "org.apache.rocketmq.client.java.impl.";
    private static final String PRODUCER = CLIENT + "producer.ProducerImpl";
    private static final String PUSH = CLIENT + "consumer.PushConsumerImpl";
    private static final String SIMPLE = CLIENT + "consumer.SimpleConsumerImpl";
    private static final String TASK = CLIENT + "consumer.ConsumeTask";
    private static final String MESSAGE = "org.apache.rocketmq.client.apis.message.Message";
    private static final String VIEW = "org.apache.rocketmq.client.apis.message.MessageView";
    private static final String HELPERS = RocketMqGrpcInstrumentation.class.getPackageName() + ".";

    @Override
    public String name() {
        return "rocketmq-grpc";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(PRODUCER, PUSH, SIMPLE, TASK);
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        HelperClasses helpers = new HelperClasses(name(), List.of(HELPERS + "RocketMqGrpcMessages", HELPERS + "RocketMqGrpcCompletion"));
        ElementMatcher.Junction<MethodDescription> send = named("send").and(isPublic()).and(takesArgument(0, named(MESSAGE)))
                .and(takesArguments(1).or(takesArguments(2)));
        ElementMatcher.Junction<MethodDescription> sendAsync = named("sendAsync").and(takesArguments(1)).and(takesArgument(0, named(MESSAGE)));
        ElementMatcher.Junction<MethodDescription> made = isConstructor();
        ElementMatcher.Junction<MethodDescription> call = named("call").and(takesArguments(0)).and(not(isBridge()))
                .and(returns(named("org.apache.rocketmq.client.apis.consumer.ConsumeResult")));
        ElementMatcher.Junction<MethodDescription> receive = named("receive").and(takesArguments(2)).and(takesArgument(0, int.class));
        ElementMatcher.Junction<MethodDescription> receiveAsync = named("receiveAsync").and(takesArguments(2)).and(takesArgument(0, int.class));
        ElementMatcher.Junction<MethodDescription> ack = named("ack0").and(takesArguments(1)).and(takesArgument(0, named(VIEW)));
        return builder
                .type(named(PRODUCER).and(new LibraryShape(name(), Map.of("SendReceipt send(Message)", send,
                        "CompletableFuture sendAsync(Message)", sendAsync))))
                .transform(helpers)
                .transform(new InlineAdvice()
                        .advice(send, adviceName("SendAdvice"))
                        .advice(sendAsync, adviceName("AsyncSendAdvice")))
                .type(named(PUSH).and(new LibraryShape(name(), Map.of("PushConsumerImpl(...)", made), List.of("consumerGroup"))))
                .transform(new InlineAdvice().advice(made, adviceName("ConsumerMadeAdvice")))
                .type(named(TASK).and(new LibraryShape(name(), Map.of("ConsumeResult call()", call), List.of("messageView", "messageInterceptor"))))
                .transform(helpers)
                .transform(new InlineAdvice().advice(call, adviceName("ConsumeTaskAdvice")))
                .type(named(SIMPLE).and(new LibraryShape(name(), Map.of("SimpleConsumerImpl(...)", made, "List receive(int, Duration)", receive,
                        "CompletableFuture receiveAsync(int, Duration)", receiveAsync, "ListenableFuture ack0(MessageView)", ack),
                        List.of("consumerGroup"))))
                .transform(helpers)
                .transform(new InlineAdvice()
                        .advice(made, adviceName("ConsumerMadeAdvice"))
                        .advice(receive, adviceName("ReceiveAdvice"))
                        .advice(receiveAsync, adviceName("AsyncReceiveAdvice"))
                        .advice(ack, adviceName("AckAdvice")));
    }

    private static String adviceName(String simpleName) {
        return RocketMqGrpcInstrumentation.class.getName() + "$" + simpleName;
    }

    /** A send the app waits for, recorded as it returns (the proxy's answer) or throws. */
    public static class SendAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Argument(0) Message message, @Advice.Thrown Throwable error, @Advice.Enter long start) {
            RocketMqGrpcMessages.sent(message, error, start);
        }
    }

    /** A send the app does not wait for, recorded when its future completes (or at once if it threw). */
    public static class AsyncSendAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Argument(0) Message message, @Advice.Return Object future, @Advice.Thrown Throwable error,
                @Advice.Enter long start) {
            RocketMqGrpcCompletion.sendAsync(message, future, error, start);
        }
    }

    /** A push or simple consumer, made for its group: the consumer the model knows its deliveries by. */
    public static class ConsumerMadeAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object consumer, @Advice.FieldValue("consumerGroup") String group) {
            MessagingRecorder.consumerSeen(consumer, RocketMqMessages.SYSTEM, group);
        }
    }

    /**
     * A push consumer's listener given one message: received as it starts (the task's interceptor
     * is its consumer), its time the message's processing, its answer the message's settlement.
     */
    public static class ConsumeTaskAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.FieldValue("messageInterceptor") Object consumer, @Advice.FieldValue("messageView") MessageView message) {
            RocketMqGrpcMessages.consumed(consumer, message);
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.FieldValue("messageInterceptor") Object consumer, @Advice.FieldValue("messageView") MessageView message,
                @Advice.Return ConsumeResult result, @Advice.Enter long start) {
            RocketMqGrpcMessages.settled(result);
            if (start != Timing.NOT_TIMED) {
                MessagingRecorder.consumerProcessed(consumer, message.getTopic(), start);
            }
        }
    }

    /** A simple consumer's receive: its messages received, the receive timed as a poll. */
    public static class ReceiveAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.This Object consumer) {
            MessagingRecorder.pollStarting(consumer);
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object consumer, @Advice.Return List<MessageView> messages, @Advice.Enter long start) {
            if (messages != null) {
                RocketMqGrpcMessages.received(consumer, messages, start);
            }
        }
    }

    /** A simple consumer's receive that the app does not wait for, recorded when its future completes with messages. */
    public static class AsyncReceiveAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.This Object consumer) {
            MessagingRecorder.pollStarting(consumer);
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object consumer, @Advice.Return Object future, @Advice.Enter long start) {
            RocketMqGrpcCompletion.receiveAsync(consumer, future, start);
        }
    }

    /** A simple consumer's acknowledgement of a message, waited for or not. */
    public static class AckAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter() {
            MessagingRecorder.settled(RocketMqMessages.SYSTEM, "ack");
        }
    }
}
