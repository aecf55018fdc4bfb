package io.bytemeter.instrumentation.rocketmq;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;

/**
 * A helper in the app's class loader that stands in for the app's callback of an asynchronous
 * send, the one object the agent adds to it: it records the send once, when the client calls back
 * after its own retries (or when the send throws instead), then calls the app's callback as
 * before.
 */
public final class RocketMqSendCallback implements SendCallback {

    /** Once, whichever of the client's callback and the send's throw comes first: no lock, nothing more allocated. */
    private static final AtomicIntegerFieldUpdater<RocketMqSendCallback> RECORDED =
            AtomicIntegerFieldUpdater.newUpdater(RocketMqSendCallback.class, "recorded");

    private final SendCallback app;
    private final Message message;
    private final long start;
    private volatile int recorded;

    private RocketMqSendCallback(SendCallback app, Message message, long start) {
        this.app = app;
        this.message = message;
        this.start = start;
    }

    /** The callback to send with in place of {@code app}. */
    public static SendCallback wrap(SendCallback app, Message message, long start) {
        return app instanceof RocketMqSendCallback ? app : new RocketMqSendCallback(app, message, start);
    }

    /** The send threw instead of calling back: recorded as failed, unless it had called back first. */
    public static void threw(SendCallback callback, Throwable error) {
        if (callback instanceof RocketMqSendCallback) {
            ((RocketMqSendCallback) callback).record(error);
        }
    }

    @Override
    public void onSuccess(SendResult result) {
        record(null);
        if (app != null) {
            app.onSuccess(result);
        }
    }

    @Override
    public void onException(Throwable error) {
        record(error);
        if (app != null) {
            app.onException(error);
        }
    }

    private void record(Throwable error) {
        if (RECORDED.compareAndSet(this, 0, 1)) {
            RocketMqMessages.sent(message, error, start);
        }
    }
}
