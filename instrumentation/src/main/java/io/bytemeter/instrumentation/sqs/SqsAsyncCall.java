package io.bytemeter.instrumentation.sqs;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * A helper in the app's class loader, the one object the agent adds to an asynchronous SQS call:
 * it waits on the call's future and records the call, as {@link SqsCalls} says, when it completes,
 * whether or not the app ever looks at the result.
 */
public final class SqsAsyncCall implements BiConsumer<Object, Throwable> {

    private final Object request;
    private final long start;

    private SqsAsyncCall(Object request, long start) {
        this.request = request;
        this.start = start;
    }

    /** Records the call that returned {@code future} when it completes, or at once if it threw ({@code error}). */
    public static void track(Object request, Object future, Throwable error, long start) {
        if (error != null) {
            SqsCalls.completed(request, null, error, start);
        } else if (future instanceof CompletableFuture) {
            ((CompletableFuture<?>) future).whenComplete(new SqsAsyncCall(request, start));
        }
    }

    @Override
    public void accept(Object response, Throwable error) {
        SqsCalls.completed(request, response, error, start);
    }
}
