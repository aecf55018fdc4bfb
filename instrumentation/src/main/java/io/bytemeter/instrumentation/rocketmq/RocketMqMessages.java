package io.bytemeter.instrumentation.rocketmq;

import io.bytemeter.bootstrap.MessagingRecorder;
import io.bytemeter.bootstrap.Timing;
import java.util.List;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageBatch;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * A helper defined in the RocketMQ client's class loader, as it reads the client's message types:
 * what a send and a delivery mean to the messaging model, with {@code messaging.system="rocketmq"}
 * and the topic as destination. A batch ({@link MessageBatch}, what {@code send(Collection)} sends)
 * is each of its messages, with the send's outcome and duration.
 */
public final class RocketMqMessages {

    static final String SYSTEM = "rocketmq";
    /** {@code MessageConst.PROPERTY_CONSUME_START_TIMESTAMP}: when a push consumer's listener was handed the message. */
    private static final String CONSUME_START = "CONSUME_START_TIME";

    private RocketMqMessages() {}

    /** A send the broker answered (or that failed with {@code error}), timed from {@code start}. */
    public static void sent(Message message, Throwable error, long start) {
        if (message instanceof MessageBatch) {
            for (Message each : (MessageBatch) message) {
                MessagingRecorder.clientSent(SYSTEM, each.getTopic(), bytes(each), error, start);
            }
        } else if (message != null) {
            MessagingRecorder.clientSent(SYSTEM, message.getTopic(), bytes(message), error, start);
        }
    }

    /**
     * Messages a consumer was given (a push consumer's listener, a pull consumer's poll), each with
     * its age since the producer made it, as of when the listener got it (the client notes that on
     * the message) or now; {@code consumer} is the consumer the model knows by its group.
     */
    public static void consumed(Object consumer, List<MessageExt> messages) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < messages.size(); i++) {
            MessageExt message = messages.get(i);
            String given = message.getProperty(CONSUME_START);
            long at = given == null ? now : Long.parseLong(given);
            MessagingRecorder.consumed(consumer, message.getTopic(), bytes(message), at - message.getBornTimestamp());
        }
    }

    /** What push consumers' listeners answered for {@code messages}: each acknowledged, or to be delivered again. */
    public static void settled(long messages, boolean consumed) {
        for (long i = 0; i < messages; i++) {
            MessagingRecorder.settled(SYSTEM, consumed ? "ack" : "nack");
        }
    }

    /** A listener's time on a delivery of {@code messages}, as {@code consumer}'s group's processing of their topic. */
    public static void processed(Object consumer, List<MessageExt> messages, long start) {
        if (!messages.isEmpty() && start != Timing.NOT_TIMED) {
            MessagingRecorder.consumerProcessed(consumer, messages.get(0).getTopic(), start);
        }
    }

    private static long bytes(Message message) {
        byte[] body = message.getBody();
        return body == null ? 0 : body.length;
    }
}
