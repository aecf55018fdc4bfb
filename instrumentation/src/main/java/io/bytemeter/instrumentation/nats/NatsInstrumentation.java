package io.bytemeter.instrumentation.nats;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.bytemeter.bootstrap.MessagingRecorder;
import io.bytemeter.bootstrap.NatsSubjects;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.LibraryShape;
import io.bytemeter.instrumentation.Transformations;
import io.nats.client.impl.NatsMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * NATS's Java client ({@code io.nats:jnats} 2.x), with no setting, at the two places every message
 * passes in {@code NatsConnection}: {@code publishInternal}, which every {@code publish} overload
 * and every {@code request} goes through (a sent message per call with its payload's bytes, to
 * its subject; what it threw, by type, such as a publish on a closed connection), and
 * {@code deliverMessage}, where each message for one of the app's subscriptions arrives, whether
 * a dispatcher's handler or {@code nextMessage} will take it (a consumed message with its payload's
 * bytes, per subject). Subjects are destinations, capped as topics are; reply inboxes are one,
 * {@code _INBOX} ({@link NatsSubjects}).
 */
public final class NatsInstrumentation implements Instrumentation {

    private static final String CONNECTION = "io.nats.client.impl.NatsConnection";

    @Override
    public String name() {
        return "nats";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(CONNECTION);
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        Map<String, ElementMatcher<? super MethodDescription>> required = new LinkedHashMap<>();
        required.put("publishInternal(String, String, Headers, byte[], ...)", Methods.PUBLISH);
        required.put("deliverMessage(NatsMessage)", Methods.DELIVER);
        return builder
                .type(named(CONNECTION).and(new LibraryShape(name(), required)))
                .transform(new InlineAdvice()
                        .advice(Methods.PUBLISH, NatsInstrumentation.class.getName() + "$PublishAdvice")
                        .advice(Methods.DELIVER, NatsInstrumentation.class.getName() + "$DeliverAdvice"));
    }

    private static final class Methods {
        /** 2.16: (subject, replyTo, headers, data); 2.24 adds two flags after them. */
        static final ElementMatcher.Junction<MethodDescription> PUBLISH = named("publishInternal")
                .and(takesArgument(0, String.class)).and(takesArgument(3, byte[].class));
        static final ElementMatcher.Junction<MethodDescription> DELIVER = named("deliverMessage")
                .and(takesArgument(0, named("io.nats.client.impl.NatsMessage")));
    }

    public static class PublishAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Argument(0) String subject, @Advice.Argument(3) byte[] data,
                @Advice.Enter long start, @Advice.Thrown Throwable error) {
            MessagingRecorder.clientSent("nats", NatsSubjects.destination(subject), data == null ? 0 : data.length, error, start);
        }
    }

    /** A message for one of the app's subscriptions arrived (NATS messages carry no timestamp: no age). */
    public static class DeliverAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Argument(0) NatsMessage message) {
            if (message.getSubscription() != null) {
                byte[] data = message.getData();
                MessagingRecorder.clientReceived("nats", NatsSubjects.destination(message.getSubject()), data == null ? 0 : data.length, -1,
                        Timing.NOT_TIMED);
            }
        }
    }
}
