package io.bytemeter.instrumentation.jms;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.JmsMessages;
import io.bytemeter.bootstrap.MessagingRecorder;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.Transformations;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * JMS, {@code javax.jms} and {@code jakarta.jms} alike, with no setting: every provider's
 * {@code MessageProducer.send} (all overloads, counted once however they call one another; the
 * destination is the message's {@code JMSDestination}, which a send sets), {@code MessageConsumer}
 * {@code receive}, {@code receive(timeout)} and {@code receiveNoWait} that returned a message, and
 * every {@code MessageListener.onMessage} class (its processing duration). Bodies: a
 * {@code TextMessage}'s UTF-8 length, a {@code BytesMessage}'s length where it is readable (a
 * received one; the app's own while it sends is still being written and counts no bytes); age
 * from {@code JMSTimestamp}. The advice reads messages through {@link JmsMessages}, so one advice
 * serves both namespaces.
 */
public final class JmsInstrumentation implements Instrumentation {

    private static final String[] NAMESPACES = {"javax.jms.", "jakarta.jms."};

    @Override
    public String name() {
        return "jms";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        Candidates candidates = Candidates.named();
        for (String ns : NAMESPACES) {
            candidates = candidates.and(Candidates.subtypesOf(ns + "MessageProducer"))
                    .and(Candidates.subtypesOf(ns + "MessageConsumer"))
                    .and(Candidates.subtypesOf(ns + "MessageListener"));
        }
        return candidates;
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        return builder
                .type(Methods.implementing("MessageProducer"))
                .transform(new InlineAdvice()
                        .advice(Methods.SEND_MESSAGE, advice("SendAdvice"))
                        .advice(Methods.SEND_TO_DESTINATION, advice("SendToDestinationAdvice")))
                .type(Methods.implementing("MessageConsumer"))
                .transform(new InlineAdvice()
                        .advice(Methods.RECEIVE, advice("ReceiveAdvice")))
                .type(Methods.implementing("MessageListener"))
                .transform(new InlineAdvice()
                        .advice(Methods.ON_MESSAGE, advice("OnMessageAdvice")));
    }

    private static String advice(String simpleName) {
        return JmsInstrumentation.class.getName() + "$" + simpleName;
    }

    private static final class Methods {
        static final ElementMatcher.Junction<TypeDescription> MESSAGE = named("javax.jms.Message").or(named("jakarta.jms.Message"));
        static final ElementMatcher.Junction<TypeDescription> DESTINATION =
                named("javax.jms.Destination").or(named("jakarta.jms.Destination"));
        static final ElementMatcher.Junction<MethodDescription> SEND_MESSAGE = named("send").and(not(isAbstract()))
                .and(takesArgument(0, MESSAGE));
        static final ElementMatcher.Junction<MethodDescription> SEND_TO_DESTINATION = named("send").and(not(isAbstract()))
                .and(takesArgument(0, DESTINATION)).and(takesArgument(1, MESSAGE));
        static final ElementMatcher.Junction<MethodDescription> RECEIVE = not(isAbstract())
                .and(named("receive").and(takesArguments(0)).or(named("receive").and(takesArguments(long.class)))
                        .or(named("receiveNoWait").and(takesArguments(0))));
        static final ElementMatcher.Junction<MethodDescription> ON_MESSAGE = named("onMessage").and(not(isAbstract()))
                .and(takesArguments(1)).and(takesArgument(0, MESSAGE));

        static ElementMatcher.Junction<TypeDescription> implementing(String jmsInterface) {
            return not(isInterface()).and(hasSuperType(named("javax.jms." + jmsInterface).or(named("jakarta.jms." + jmsInterface))));
        }
    }

    /** {@code send(message, ...)}: the destination the producer was made for, which the send sets on the message. */
    public static class SendAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.Local("outermost") boolean outermost) {
            outermost = MessagingRecorder.enterSend();
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Argument(0) Object message, @Advice.Enter long start,
                @Advice.Local("outermost") boolean outermost, @Advice.Thrown Throwable error) {
            MessagingRecorder.exitSend();
            if (outermost && message != null) {
                MessagingRecorder.clientSent("jms", JmsMessages.destination(message), JmsMessages.bodyBytes(message), error, start);
            }
        }
    }

    /** {@code send(destination, message, ...)}. */
    public static class SendToDestinationAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.Local("outermost") boolean outermost) {
            outermost = MessagingRecorder.enterSend();
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Argument(1) Object message, @Advice.Enter long start,
                @Advice.Local("outermost") boolean outermost, @Advice.Thrown Throwable error) {
            MessagingRecorder.exitSend();
            if (outermost && message != null) {
                MessagingRecorder.clientSent("jms", JmsMessages.destination(message), JmsMessages.bodyBytes(message), error, start);
            }
        }
    }

    public static class ReceiveAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Return(typing = Assigner.Typing.DYNAMIC) Object message, @Advice.Enter long start) {
            if (message != null) {
                MessagingRecorder.clientReceived("jms", JmsMessages.destination(message), JmsMessages.bodyBytes(message),
                        JmsMessages.ageMillis(message), start);
            }
        }
    }

    /** A message delivered to the app's listener: counted once however many listener classes it passes through. */
    public static class OnMessageAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.Local("outermost") boolean outermost) {
            outermost = MessagingRecorder.enterHandler();
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Argument(0) Object message, @Advice.Enter long start,
                @Advice.Local("outermost") boolean outermost) {
            MessagingRecorder.exitHandler();
            if (outermost && message != null) {
                String destination = JmsMessages.destination(message);
                MessagingRecorder.clientReceived("jms", destination, JmsMessages.bodyBytes(message), JmsMessages.ageMillis(message),
                        Timing.NOT_TIMED);
                MessagingRecorder.processed("jms", destination, start);
            }
        }
    }
}
