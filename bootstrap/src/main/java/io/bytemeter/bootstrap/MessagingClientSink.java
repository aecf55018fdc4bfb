package io.bytemeter.bootstrap;

/**
 * Receives what a messaging client library did. Kafka producers report per record when the broker
 * acknowledged it (or failed); Kafka consumers are identified by instance, which carries their
 * group. Clients of brokers without consumer groups (RabbitMQ) report per message as it is sent,
 * received or handed to the app's consumer, and as the app settles it.
 */
public interface MessagingClientSink {

    /** A message sent: its body's bytes, or the type of error the app saw (null when none); {@code nanos} the send call. */
    void sent(String system, String destination, long bytes, String errorType, long nanos);

    /**
     * A message the app was given, pushed to its consumer or fetched: its body's bytes, its age
     * ({@code -1} when it carries no timestamp), and the fetch call's duration ({@link Timing#NO_DURATION} for a push).
     */
    void received(String system, String destination, long bytes, long ageMillis, long nanos);

    /** The app's consumer took {@code nanos} with a message delivered from {@code destination}. */
    void processed(String system, String destination, long nanos);

    /** The app settled a delivery: {@code ack}, {@code nack} or {@code reject}. */
    void settled(String system, String operation);

    /**
     * A message about to be published on {@code channel} in publisher-confirm mode as sequence
     * number {@code seqNo} (noted before it goes out, so that the broker's ack cannot come first): it
     * counts as sent when the broker confirms it, its duration running until then.
     *
     * @param start the publish's start, as {@link Timing#start()}
     * @return false when it cannot wait for the confirm (too many unconfirmed): record it as it is made
     */
    boolean sentAwaitingConfirm(Object channel, long seqNo, String system, String destination, long bytes, long start);

    /** The publish noted as {@code seqNo} threw: it will not be confirmed. */
    void confirmCancelled(Object channel, long seqNo);

    /** The broker confirmed ({@code nack} false) or refused {@code seqNo}, or every one up to it when {@code multiple}. */
    void confirmed(Object channel, long seqNo, boolean multiple, boolean nack);

    /** Deliveries to {@code consumer} (held weakly) come from {@code destination}. */
    void deliversFrom(Object consumer, String destination);

    String destinationOf(Object consumer);

    /** A send completed: {@code metadata} is the library's acknowledgement (null when it failed). */
    void sendCompleted(String system, String destination, Object metadata, Throwable error, long nanos);

    /** First sight of a consumer and its group (null when it has none). */
    void consumerSeen(Object consumer, String system, String group);

    boolean knowsConsumer(Object consumer);

    /** One consumed record: its serialized size and how old it was when the app got it. */
    void consumed(Object consumer, String destination, long bytes, long ageMillis);

    /** A poll returned {@code records} records after {@code nanos}. */
    void polled(Object consumer, int records, long nanos);

    /** A poll begins: the time since the previous poll returned records is how long the app processed them. */
    void pollStarting(Object consumer);

    /**
     * Whether to report lag now: at most once a second while a consumer is busy, and always after
     * a poll that ends a burst (it returned nothing after polls that returned records) and when it
     * closes, so that a consumer that drains a topic in under a second shows its true last lag.
     *
     * @param records what the poll returned, or {@link MessagingRecorder#CLOSING}
     */
    boolean lagDue(Object consumer, int records);

    void lag(Object consumer, String destination, int partition, long lag);

    /** The lag of every assigned partition was reported: it replaces the consumer's previous report. */
    void lagReported(Object consumer);

    /** The consumer closed: its last lag report stands until a live consumer of its group reports those partitions. */
    void consumerClosed(Object consumer);

    MessagingClientSink NO_OP = new MessagingClientSink() {
        @Override
        public void sent(String system, String destination, long bytes, String errorType, long nanos) {}

        @Override
        public void received(String system, String destination, long bytes, long ageMillis, long nanos) {}

        @Override
        public void processed(String system, String destination, long nanos) {}

        @Override
        public void settled(String system, String operation) {}

        @Override
        public boolean sentAwaitingConfirm(Object channel, long seqNo, String system, String destination, long bytes, long start) {
            return false;
        }

        @Override
        public void confirmCancelled(Object channel, long seqNo) {}

        @Override
        public void confirmed(Object channel, long seqNo, boolean multiple, boolean nack) {}

        @Override
        public void deliversFrom(Object consumer, String destination) {}

        @Override
        public String destinationOf(Object consumer) {
            return null;
        }

        @Override
        public void sendCompleted(String system, String destination, Object metadata, Throwable error, long nanos) {}

        @Override
        public void consumerSeen(Object consumer, String system, String group) {}

        @Override
        public boolean knowsConsumer(Object consumer) {
            return true;
        }

        @Override
        public void consumed(Object consumer, String destination, long bytes, long ageMillis) {}

        @Override
        public void polled(Object consumer, int records, long nanos) {}

        @Override
        public void pollStarting(Object consumer) {}

        @Override
        public boolean lagDue(Object consumer, int records) {
            return false;
        }

        @Override
        public void lag(Object consumer, String destination, int partition, long lag) {}

        @Override
        public void lagReported(Object consumer) {}

        @Override
        public void consumerClosed(Object consumer) {}
    };
}
