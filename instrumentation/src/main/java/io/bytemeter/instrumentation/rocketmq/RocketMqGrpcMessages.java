package io.bytemeter.instrumentation.rocketmq;

import io.bytemeter.bootstrap.MessagingRecorder;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageView;

/**
 * A helper defined in the class loader of RocketMQ's 5.x gRPC client ({@code rocketmq-client-java}),
 * as it reads the client's API types: what a send, a delivery and a settlement mean to the messaging
 * model, with {@code messaging.system="rocketmq"} (as the remoting client's) and the topic as
 * destination; bytes are the body's, a message's age is from its birth to now. The client's
 * {@code getBody()} wraps the bytes in two new buffers on every call, so the body's length is read
 * from the client's own {@code body} field of its message classes where reflection may (an app on
 * the class path), and from {@code getBody()} only where it may not.
 */
public final class RocketMqGrpcMessages {

    private static final String MESSAGES = "org.apache.rocketmq.client.java.message.";
    private static final Class<?> MESSAGE_IMPL = type(MESSAGES + "MessageImpl");
    private static final MethodHandle MESSAGE_BODY = body(MESSAGE_IMPL);
    private static final Class<?> VIEW_IMPL = type(MESSAGES + "MessageViewImpl");
    private static final MethodHandle VIEW_BODY = body(VIEW_IMPL);

    private RocketMqGrpcMessages() {}

    /** A send the proxy answered, after the client's own retries, or that failed with {@code error}; timed from {@code start}. */
    public static void sent(Message message, Throwable error, long start) {
        if (message != null) {
            MessagingRecorder.clientSent(RocketMqMessages.SYSTEM, message.getTopic(), bytes(message), error, start);
        }
    }

    /** A message a consumer was given: {@code consumer} is the one the model knows by its group. */
    public static void consumed(Object consumer, MessageView message) {
        MessagingRecorder.consumed(consumer, message.getTopic(), bytes(message), System.currentTimeMillis() - message.getBornTimestamp());
    }

    /** A simple consumer's receive that returned {@code messages}: each consumed, the receive timed as a poll. */
    public static void received(Object consumer, List<MessageView> messages, long start) {
        for (int i = 0; i < messages.size(); i++) {
            consumed(consumer, messages.get(i));
        }
        MessagingRecorder.polled(consumer, messages.size(), start);
    }

    /** A push consumer's listener's answer: consumed (the client acknowledges it), or to be delivered again. */
    public static void settled(ConsumeResult result) {
        MessagingRecorder.settled(RocketMqMessages.SYSTEM, result == ConsumeResult.SUCCESS ? "ack" : "nack");
    }

    private static long bytes(Message message) {
        long length = length(MESSAGE_IMPL, MESSAGE_BODY, message);
        return length >= 0 ? length : length(message.getBody());
    }

    private static long bytes(MessageView message) {
        long length = length(VIEW_IMPL, VIEW_BODY, message);
        return length >= 0 ? length : length(message.getBody());
    }

    private static long length(ByteBuffer body) {
        return body == null ? 0 : body.remaining();
    }

    /** The length of {@code message}'s body field, read by {@code body} where it is a {@code type}, else -1. */
    private static long length(Class<?> type, MethodHandle body, Object message) {
        if (body == null || !type.isInstance(message)) {
            return -1;
        }
        try {
            byte[] bytes = (byte[]) body.invokeExact(message);
            return bytes == null ? 0 : bytes.length;
        } catch (Throwable notReadable) {
            return -1;
        }
    }

    private static Class<?> type(String name) {
        try {
            return Class.forName(name, false, RocketMqGrpcMessages.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError absent) {
            return null;
        }
    }

    /** A getter of {@code type}'s {@code byte[] body} field as {@code (Object) byte[]}, or null where the field is not there or not open. */
    private static MethodHandle body(Class<?> type) {
        if (type == null) {
            return null;
        }
        try {
            Field field = type.getDeclaredField("body");
            field.setAccessible(true);
            return MethodHandles.lookup().unreflectGetter(field).asType(MethodType.methodType(byte[].class, Object.class));
        } catch (Exception | LinkageError notOpen) {
            return null;
        }
    }
}
