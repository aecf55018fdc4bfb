package io.bytemeter.instrumentation.rocketmq;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
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
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Apache RocketMQ's remoting client ({@code rocketmq-client} 4.9 and 5.x, the same classes in both).
 * Sends at {@code DefaultMQProducerImpl}'s methods that every {@code DefaultMQProducer.send} and
 * {@code sendOneway} reach once (those with a timeout, which the others call): a synchronous or
 * one-way send is recorded as it returns or throws, after the client's own retries; an
 * asynchronous one's callback is stood in for by a {@link RocketMqSendCallback} (one object per
 * send) that records it when the client calls back. A push consumer's delivery services (the
 * concurrent and the orderly one) are consumers of their group from when they are made; a
 * concurrent delivery's messages are received when its consume request has run, and that run is
 * their processing time; an orderly one's are received as the client processes the listener's answer
 * (its listener is usually a lambda, which no transformer sees). What the listeners answered is
 * read where the client counts it in its own statistics ({@code ConsumerStatsManager}): messages
 * consumed are acknowledged, messages the listener wants again are to be delivered again. A lite
 * pull consumer's {@code poll} is a poll, as Kafka's is. What each means is
 * {@link RocketMqMessages}', a helper in the client's loader.
 */
public final class RocketMqInstrumentation implements Instrumentation {

    private static final String CLIENT = "org.apache.rocketmq.client.";
    private static final String PRODUCER = CLIENT + "impl.producer.DefaultMQProducerImpl";
    private static final String CONCURRENTLY = CLIENT + "impl.consumer.ConsumeMessageConcurrentlyService";
    private static final String CONSUME_REQUEST = CONCURRENTLY + "$ConsumeRequest";
    private static final String ORDERLY = CLIENT + "impl.consumer.ConsumeMessageOrderlyService";
    private static final String LITE_PULL = CLIENT + "consumer.DefaultLitePullConsumer";
    private static final String STATS = CLIENT + "stat.ConsumerStatsManager";
    private static final String MESSAGE = "org.apache.rocketmq.common.message.Message";
    private static final String QUEUE = "org.apache.rocketmq.common.message.MessageQueue";
    private static final String SELECTOR = CLIENT + "producer.MessageQueueSelector";
    private static final String CALLBACK = CLIENT + "producer.SendCallback";
    private static final String HELPERS = RocketMqInstrumentation.class.getPackageName() + ".";

    @Override
    public String name() {
        return "rocketmq";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(PRODUCER, CONCURRENTLY, CONSUME_REQUEST, ORDERLY, STATS, LITE_PULL);
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        HelperClasses helpers = new HelperClasses(name(), List.of(HELPERS + "RocketMqMessages", HELPERS + "RocketMqSendCallback"));
        ElementMatcher.Junction<MethodDescription> sync = named("send").and(takesArgument(0, named(MESSAGE)))
                .and(takesArguments(2).and(takesArgument(1, long.class))
                        .or(takesArguments(3).and(takesArgument(1, named(QUEUE))).and(takesArgument(2, long.class)))
                        .or(takesArguments(4).and(takesArgument(1, named(SELECTOR))).and(takesArgument(3, long.class))));
        ElementMatcher.Junction<MethodDescription> oneway = named("sendOneway").and(takesArgument(0, named(MESSAGE)));
        ElementMatcher.Junction<MethodDescription> async = named("send").and(takesArguments(3)).and(takesArgument(0, named(MESSAGE)))
                .and(takesArgument(1, named(CALLBACK))).and(takesArgument(2, long.class));
        ElementMatcher.Junction<MethodDescription> asyncToQueue = named("send").and(takesArguments(4)).and(takesArgument(1, named(QUEUE)))
                .and(takesArgument(2, named(CALLBACK))).and(takesArgument(3, long.class));
        ElementMatcher.Junction<MethodDescription> asyncSelected = named("send").and(takesArguments(5)).and(takesArgument(1, named(SELECTOR)))
                .and(takesArgument(3, named(CALLBACK))).and(takesArgument(4, long.class));
        ElementMatcher.Junction<MethodDescription> made = isConstructor().and(takesArguments(2));
        ElementMatcher.Junction<MethodDescription> run = named("run").and(takesArguments(0));
        ElementMatcher.Junction<MethodDescription> orderlyResult = named("processConsumeResult").and(takesArguments(4));
        ElementMatcher.Junction<MethodDescription> consumedOk = named("incConsumeOKTPS").and(takesArguments(3));
        ElementMatcher.Junction<MethodDescription> consumedFailed = named("incConsumeFailedTPS").and(takesArguments(3));
        ElementMatcher.Junction<MethodDescription> poll = named("poll").and(takesArguments(1)).and(takesArgument(0, long.class));
        return builder
                .type(named(PRODUCER).and(new LibraryShape(name(), Map.of("SendResult send(Message, long)", sync,
                        "void sendOneway(Message)", oneway, "void send(Message, SendCallback, long)", async,
                        "void send(Message, MessageQueue, SendCallback, long)", asyncToQueue,
                        "void send(Message, MessageQueueSelector, Object, SendCallback, long)", asyncSelected))))
                .transform(helpers)
                .transform(new InlineAdvice()
                        .advice(sync.or(oneway), adviceName("SendAdvice"))
                        .advice(async, adviceName("AsyncSendAdvice"))
                        .advice(asyncToQueue, adviceName("AsyncSendToQueueAdvice"))
                        .advice(asyncSelected, adviceName("AsyncSendSelectedAdvice")))
                .type(named(CONCURRENTLY).and(new LibraryShape(name(), Map.of("ConsumeMessageConcurrentlyService(DefaultMQPushConsumerImpl, "
                        + "MessageListenerConcurrently)", made), List.of("consumerGroup"))))
                .transform(helpers)
                .transform(new InlineAdvice().advice(made, adviceName("ServiceMadeAdvice")))
                .type(named(CONSUME_REQUEST).and(new LibraryShape(name(), Map.of("void run()", run), List.of("msgs", "this$0"))))
                .transform(helpers)
                .transform(new InlineAdvice().advice(run, adviceName("ConsumeRequestAdvice")))
                .type(named(ORDERLY).and(new LibraryShape(name(), Map.of("ConsumeMessageOrderlyService(DefaultMQPushConsumerImpl, "
                        + "MessageListenerOrderly)", made, "boolean processConsumeResult(List, ConsumeOrderlyStatus, ConsumeOrderlyContext, "
                        + "ConsumeRequest)", orderlyResult), List.of("consumerGroup"))))
                .transform(helpers)
                .transform(new InlineAdvice()
                        .advice(made, adviceName("ServiceMadeAdvice"))
                        .advice(orderlyResult, adviceName("OrderlyResultAdvice")))
                .type(named(STATS).and(new LibraryShape(name(), Map.of("void incConsumeOKTPS(String, String, long)", consumedOk,
                        "void incConsumeFailedTPS(String, String, long)", consumedFailed))))
                .transform(new InlineAdvice()
                        .advice(consumedOk, adviceName("ConsumedOkAdvice"))
                        .advice(consumedFailed, adviceName("ConsumedFailedAdvice")))
                .type(named(LITE_PULL).and(new LibraryShape(name(), Map.of("List poll(long)", poll))))
                .transform(helpers)
                .transform(new InlineAdvice().advice(poll, adviceName("PollAdvice")));
    }

    private static String adviceName(String simpleName) {
        return RocketMqInstrumentation.class.getName() + "$" + simpleName;
    }

    /** A synchronous or one-way send, recorded as it returns (the broker's answer, or the write) or throws. */
    public static class SendAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Argument(0) Message message, @Advice.Thrown Throwable error, @Advice.Enter long start) {
            RocketMqMessages.sent(message, error, start);
        }
    }

    /** An asynchronous send: its callback stood in for, recorded when the client calls back. */
    public static class AsyncSendAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) Message message, @Advice.Argument(value = 1, readOnly = false) SendCallback callback) {
            callback = RocketMqSendCallback.wrap(callback, message, Timing.start());
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Argument(1) SendCallback callback, @Advice.Thrown Throwable error) {
            if (error != null) {
                RocketMqSendCallback.threw(callback, error);
            }
        }
    }

    /** As {@link AsyncSendAdvice}, to a queue the app chose. */
    public static class AsyncSendToQueueAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) Message message, @Advice.Argument(value = 2, readOnly = false) SendCallback callback) {
            callback = RocketMqSendCallback.wrap(callback, message, Timing.start());
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Argument(2) SendCallback callback, @Advice.Thrown Throwable error) {
            if (error != null) {
                RocketMqSendCallback.threw(callback, error);
            }
        }
    }

    /** As {@link AsyncSendAdvice}, to a queue the app's selector picks. */
    public static class AsyncSendSelectedAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) Message message, @Advice.Argument(value = 3, readOnly = false) SendCallback callback) {
            callback = RocketMqSendCallback.wrap(callback, message, Timing.start());
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Argument(3) SendCallback callback, @Advice.Thrown Throwable error) {
            if (error != null) {
                RocketMqSendCallback.threw(callback, error);
            }
        }
    }

    /** A push consumer's delivery service, made for its group: the consumer the model knows its deliveries by. */
    public static class ServiceMadeAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object service, @Advice.FieldValue("consumerGroup") String group) {
            MessagingRecorder.consumerSeen(service, RocketMqMessages.SYSTEM, group);
        }
    }

    /**
     * A concurrent listener's delivery, recorded when it is done: its messages received (by then
     * under their own topic, not their group's retry topic, and aged as of when the listener got
     * them), and its time as their processing.
     */
    public static class ConsumeRequestAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.FieldValue("this$0") Object service, @Advice.FieldValue("msgs") List<MessageExt> messages,
                @Advice.Enter long start) {
            RocketMqMessages.consumed(service, messages);
            RocketMqMessages.processed(service, messages, start);
        }
    }

    /** An orderly listener's answer for the messages it was given: they were received. */
    public static class OrderlyResultAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object service, @Advice.Argument(0) List<MessageExt> messages) {
            RocketMqMessages.consumed(service, messages);
        }
    }

    /** The client's own count of messages its listeners consumed: acknowledged. */
    public static class ConsumedOkAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(2) long messages) {
            RocketMqMessages.settled(messages, true);
        }
    }

    /** The client's own count of messages its listeners asked to have again: to be delivered again. */
    public static class ConsumedFailedAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(2) long messages) {
            RocketMqMessages.settled(messages, false);
        }
    }

    /** A lite pull consumer's poll: its messages received, the poll timed when it returned any. */
    public static class PollAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.This Object consumer) {
            MessagingRecorder.pollStarting(consumer);
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This DefaultLitePullConsumer consumer, @Advice.Return List<MessageExt> messages, @Advice.Enter long start) {
            if (messages != null) {
                if (!MessagingRecorder.knowsConsumer(consumer)) {
                    MessagingRecorder.consumerSeen(consumer, RocketMqMessages.SYSTEM, consumer.getConsumerGroup());
                }
                RocketMqMessages.consumed(consumer, messages);
                MessagingRecorder.polled(consumer, messages.size(), start);
            }
        }
    }
}
