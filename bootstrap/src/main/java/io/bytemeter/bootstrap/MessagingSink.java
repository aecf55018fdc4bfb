package io.bytemeter.bootstrap;

/**
 * Receives what every broker's client and every custom messaging role did: one model, by concern
 * (sends, receives, consumers in a group and their lag, settlements), so that a new broker is an
 * instrumentation that calls {@link MessagingRecorder} and nothing more. {@code system} is
 * OpenTelemetry's {@code messaging.system} value ({@code kafka}, {@code rabbitmq}...),
 * {@code nanos} a call's duration or {@link Timing#NO_DURATION}.
 *
 * <p>Every method does nothing by default: the interface is wide, and {@link #NO_OP} and test
 * sinks then say only what they care about.
 */
public interface MessagingSink {

    // sends

    /** A message sent: its body's bytes, or the type of error the app saw (null when none); {@code nanos} the send, to the broker's ack where the library waits for it. */
    default void sent(String system, String destination, long bytes, String errorType, long nanos) {}

    /**
     * A message about to be published on {@code channel} in publisher-confirm mode as sequence
     * number {@code seqNo} (noted before it goes out, so that the broker's ack cannot come first): it
     * counts as sent when the broker confirms it, its duration running until then.
     *
     * @param start the publish's start, as {@link Timing#start()}
     * @return false when it cannot wait for the confirm (too many unconfirmed): record it as it is made
     */
    default boolean sentAwaitingConfirm(Object channel, long seqNo, String system, String destination, long bytes, long start) {
        return false;
    }

    /** The publish noted as {@code seqNo} threw: it will not be confirmed. */
    default void confirmCancelled(Object channel, long seqNo) {}

    /** The broker confirmed ({@code nack} false) or refused {@code seqNo}, or every one up to it when {@code multiple}. */
    default void confirmed(Object channel, long seqNo, boolean multiple, boolean nack) {}

    // receives by brokers without consumer groups (RabbitMQ, JMS, NATS)

    /**
     * A message the app was given, pushed to its consumer or fetched: its body's bytes, its age
     * ({@code -1} when it carries no timestamp), and the fetch call's duration ({@link Timing#NO_DURATION} for a push).
     */
    default void received(String system, String destination, long bytes, long ageMillis, long nanos) {}

    /** A fetch from {@code destination} failed with {@code errorType}: counted as a receive error. */
    default void receiveFailed(String system, String destination, String errorType) {}

    /** The app's consumer took {@code nanos} with a message delivered from {@code destination}. */
    default void processed(String system, String destination, long nanos) {}

    /** Deliveries to {@code consumer} (held weakly) come from {@code destination}. */
    default void deliversFrom(Object consumer, String destination) {}

    /** Where deliveries to {@code consumer} come from, or null when unknown. */
    default String destinationOf(Object consumer) {
        return null;
    }

    // consumers in a group (Kafka), identified by instance

    /** First sight of a consumer and its group (null when it has none). */
    default void consumerSeen(Object consumer, String system, String group) {}

    default boolean knowsConsumer(Object consumer) {
        return true;
    }

    /** One consumed record: its serialized size and how old it was when the app got it. */
    default void consumed(Object consumer, String destination, long bytes, long ageMillis) {}

    /** {@code consumer}'s listener took {@code nanos} with a message pushed to it from {@code destination}. */
    default void consumerProcessed(Object consumer, String destination, long nanos) {}

    /** A poll begins: the time since the previous poll returned records is how long the app processed them. */
    default void pollStarting(Object consumer) {}

    /** A poll returned {@code records} records after {@code nanos}. */
    default void polled(Object consumer, int records, long nanos) {}

    /**
     * Whether to report lag now: at most once a second while a consumer is busy, and always after
     * a poll that ends a burst (it returned nothing after polls that returned records) and when it
     * closes, so that a consumer that drains a topic in under a second shows its true last lag.
     *
     * @param records what the poll returned, or {@link MessagingRecorder#CLOSING}
     */
    default boolean lagDue(Object consumer, int records) {
        return false;
    }

    default void lag(Object consumer, String destination, int partition, long lag) {}

    /** The lag of every assigned partition was reported: it replaces the consumer's previous report. */
    default void lagReported(Object consumer) {}

    /** The consumer closed: its last lag report stands until a live consumer of its group reports those partitions. */
    default void consumerClosed(Object consumer) {}

    // settlements

    /** The app settled a delivery: {@code ack}, {@code nack} or {@code reject}. */
    default void settled(String system, String operation) {}

    // custom code (bytemeter.messaging.produce / .consume), by site

    /**
     * A custom send at {@code site}; {@code destination} may be null (the site's own name is used
     * then); {@code payload} is what messages and bytes are measured from: a {@code byte[]},
     * {@code CharSequence}, {@code ByteBuffer}, a collection of those, or anything else (one
     * message, no bytes).
     */
    default void sent(int site, String destination, Object payload, Throwable error, long nanos) {}

    /** A custom receive at {@code site}, as {@link #sent(int, String, Object, Throwable, long)}. */
    default void received(int site, String destination, Object payload, Throwable error, long nanos) {}

    MessagingSink NO_OP = new MessagingSink() {};
}
