package io.bytemeter.instrumentation.sqs;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.HelperClasses;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.LibraryShape;
import io.bytemeter.instrumentation.Transformations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Amazon SQS through the AWS SDK for Java 2.x, its synchronous and asynchronous clients
 * ({@code DefaultSqsClient}, {@code DefaultSqsAsyncClient}, what {@code SqsClient.create()} and
 * its builders return, with any HTTP client): {@code SendMessage}, {@code SendMessageBatch},
 * {@code ReceiveMessage}, {@code DeleteMessage} and {@code DeleteMessageBatch}, each a method of
 * its own taking the request (the interface's builder-consumer overloads call it). A synchronous
 * call is recorded as it returns or throws; an asynchronous one when its future completes
 * ({@link SqsAsyncCall}), timed from the app's call either way: the whole call, with the SDK's
 * retries. What each means is {@link SqsCalls}'; both are helpers defined in the SDK's class
 * loader, as they read its types, and the advice only hands them the request and the outcome.
 */
public final class SqsInstrumentation implements Instrumentation {

    private static final String PACKAGE = "software.amazon.awssdk.services.sqs.";
    private static final String HELPERS = SqsInstrumentation.class.getPackageName() + ".";

    @Override
    public String name() {
        return "aws-sqs";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(PACKAGE + "DefaultSqsClient", PACKAGE + "DefaultSqsAsyncClient");
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        HelperClasses helpers = new HelperClasses(name(), List.of(HELPERS + "SqsCalls", HELPERS + "SqsAsyncCall"));
        Map<String, ElementMatcher<? super MethodDescription>> operations = operations();
        // the operations' methods, matched as one
        ElementMatcher.Junction<MethodDescription> calls = namedOneOf("sendMessage", "sendMessageBatch", "receiveMessage",
                "deleteMessage", "deleteMessageBatch").and(takesArguments(1)).and(takesArgument(0, nameStartsWith(PACKAGE + "model.")));
        return builder
                .type(named(PACKAGE + "DefaultSqsClient").and(new LibraryShape(name(), operations)))
                .transform(helpers)
                .transform(new InlineAdvice().advice(calls, getClass().getName() + "$SyncCallAdvice"))
                .type(named(PACKAGE + "DefaultSqsAsyncClient").and(new LibraryShape(name(), operations)))
                .transform(helpers)
                .transform(new InlineAdvice().advice(calls, getClass().getName() + "$AsyncCallAdvice"));
    }

    /** Each operation's method, as the client's class must declare it. */
    private static Map<String, ElementMatcher<? super MethodDescription>> operations() {
        Map<String, ElementMatcher<? super MethodDescription>> operations = new LinkedHashMap<>();
        for (String operation : List.of("SendMessage", "SendMessageBatch", "ReceiveMessage", "DeleteMessage", "DeleteMessageBatch")) {
            String method = Character.toLowerCase(operation.charAt(0)) + operation.substring(1);
            operations.put(method + "(" + operation + "Request)", named(method).and(takesArguments(1))
                    .and(takesArgument(0, named(PACKAGE + "model." + operation + "Request"))));
        }
        return operations;
    }

    /** A synchronous call, recorded as it returns or throws. */
    public static class SyncCallAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Argument(0) Object request, @Advice.Return Object response,
                @Advice.Thrown Throwable error, @Advice.Enter long start) {
            SqsCalls.completed(request, response, error, start);
        }
    }

    /** An asynchronous call, recorded when the future it returned completes. */
    public static class AsyncCallAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Argument(0) Object request, @Advice.Return Object future,
                @Advice.Thrown Throwable error, @Advice.Enter long start) {
            SqsAsyncCall.track(request, future, error, start);
        }
    }
}
