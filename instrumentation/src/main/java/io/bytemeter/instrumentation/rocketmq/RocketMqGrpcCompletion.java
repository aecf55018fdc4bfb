package io.bytemeter.instrumentation.rocketmq;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageView;

/**
 * A helper in the gRPC client's class loader, the one object the agent adds to an asynchronous send
 * or receive: it waits on the future the app was given and records the call, as
 * {@link RocketMqGrpcMessages} says, when it completes, whether or not the app ever looks at it.
 */
public final class RocketMqGrpcCompletion implements BiConsumer<Object, Throwable> {

    /** The message of a send, or null for a receive. */
    private final Message message;
    /** The simple consumer of a receive, or null for a send. */
    private final Object consumer;
    private final long start;

    private RocketMqGrpcCompletion(Message message, Object consumer, long start) {
        this.message = message;
        this.consumer = consumer;
        this.start = start;
    }

    /** Records the send that returned {@code future} when it completes, or at once if it threw ({@code error}). */
    public static void sendAsync(Message message, Object future, Throwable error, long start) {
        if (error != null) {
            RocketMqGrpcMessages.sent(message, error, start);
        } else if (future instanceof CompletableFuture) {
            ((CompletableFuture<?>) future).whenComplete(new RocketMqGrpcCompletion(message, null, start));
        }
    }

    /** Records the receive that returned {@code future} when it completes with messages. */
    public static void receiveAsync(Object consumer, Object future, long start) {
        if (future instanceof CompletableFuture) {
            ((CompletableFuture<?>) future).whenComplete(new RocketMqGrpcCompletion(null, consumer, start));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void accept(Object result, Throwable error) {
        if (message != null) {
            RocketMqGrpcMessages.sent(message, error, start);
        } else if (result instanceof List) {
            RocketMqGrpcMessages.received(consumer, (List<MessageView>) result, start);
        }
    }
}
