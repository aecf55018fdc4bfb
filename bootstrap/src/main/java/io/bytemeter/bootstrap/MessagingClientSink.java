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

    /** True at most once a second per consumer: time to report lag. */
    boolean lagDue(Object consumer);

    void lag(Object consumer, String destination, int partition, long lag);

    /** The lag of every assigned partition was reported: it replaces the consumer's previous report. */
    void lagReported(Object consumer);

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
        public boolean lagDue(Object consumer) {
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
