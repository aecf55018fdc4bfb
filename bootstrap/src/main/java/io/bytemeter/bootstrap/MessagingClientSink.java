package io.bytemeter.bootstrap;

/**
 * Receives what a messaging client library (Kafka) did. Producers report per record when the broker
 * acknowledged it (or failed); consumers are identified by instance, which carries their group.
 */
public interface MessagingClientSink {

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
