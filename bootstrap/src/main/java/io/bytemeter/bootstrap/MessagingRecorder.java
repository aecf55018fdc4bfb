package io.bytemeter.bootstrap;

/** What messaging advice calls. A no-op until the agent installs its sink. */
public final class MessagingRecorder {

    private static volatile MessagingSink sink = MessagingSink.NO_OP;

    /** How many message handlers [0] and sends [1] are running on this thread, one inside another. */
    private static final ThreadLocal<int[]> HANDLER_DEPTH = ThreadLocal.withInitial(() -> new int[2]);

    private MessagingRecorder() {}

    public static void install(MessagingSink newSink) {
        sink = newSink;
    }

    /**
     * The callback to pass on in place of {@code userCallback} (which may be null): it measures the
     * send when it completes. Returns {@code userCallback} itself if it cannot be stood in for.
     */
    public static Object trackSend(Class<?> callbackType, Object userCallback, String system, String destination) {
        try {
            return SendTracker.track(callbackType, userCallback, system, destination);
        } catch (Throwable t) {
            return userCallback;
        }
    }

    /** A send threw instead of calling back: counted as failed. */
    public static void sendThrew(Object trackedCallback, Throwable error) {
        SendTracker tracker = SendTracker.of(trackedCallback);
        if (tracker != null) {
            tracker.threw(error);
        }
    }

    static void sendCompleted(String system, String destination, long bytes, Throwable error, long nanos) {
        sink.sent(system, destination, bytes, error == null ? null : error.getClass().getName(), nanos);
    }

    public static boolean knowsConsumer(Object consumer) {
        return sink.knowsConsumer(consumer);
    }

    public static void consumerSeen(Object consumer, String system, String group) {
        sink.consumerSeen(consumer, system, group);
    }

    public static void consumed(Object consumer, String destination, long bytes, long ageMillis) {
        sink.consumed(consumer, destination, bytes, ageMillis);
    }

    public static void polled(Object consumer, int records, long start) {
        sink.polled(consumer, records, Timing.elapsedSince(start));
    }

    public static void pollStarting(Object consumer) {
        sink.pollStarting(consumer);
    }

    /** What {@link #lagDue(Object, int)} is given for a consumer that is closing. */
    public static final int CLOSING = -1;

    public static boolean lagDue(Object consumer, int records) {
        return sink.lagDue(consumer, records);
    }

    public static void lag(Object consumer, String destination, int partition, long lag) {
        sink.lag(consumer, destination, partition, lag);
    }

    public static void lagReported(Object consumer) {
        sink.lagReported(consumer);
    }

    public static void consumerClosed(Object consumer) {
        sink.consumerClosed(consumer);
    }

    public static void clientSent(String system, String destination, long bytes, Throwable error, long start) {
        sink.sent(system, destination, bytes, error == null ? null : error.getClass().getName(), Timing.elapsedSince(start));
    }

    /**
     * A send that failed as {@code errorType}: a server's error reply rather than an exception (as the
     * client would throw it), or a client's error by the code it reports errors by (AWS's).
     */
    public static void clientSendRefused(String system, String destination, String errorType, long start) {
        sink.sent(system, destination, 0, errorType, Timing.elapsedSince(start));
    }

    /**
     * A publish in publisher-confirm mode, noted before it goes out: counted when the broker
     * confirms {@code seqNo}. Returns false when it must be recorded as it is made instead.
     */
    public static boolean clientSentAwaitingConfirm(Object channel, long seqNo, String system, String destination, long bytes,
            long start) {
        return sink.sentAwaitingConfirm(channel, seqNo, system, destination, bytes, start);
    }

    public static void clientConfirmCancelled(Object channel, long seqNo) {
        sink.confirmCancelled(channel, seqNo);
    }

    public static void clientConfirmed(Object channel, long seqNo, boolean multiple, boolean nack) {
        sink.confirmed(channel, seqNo, multiple, nack);
    }

    /** A sent message the broker could not route and returned (RabbitMQ's {@code mandatory} flag). */
    public static void clientSendReturned(String system, String destination) {
        sink.sent(system, destination, 0, "unroutable", Timing.NO_DURATION);
    }

    /** Deliveries to {@code consumer} come from {@code destination} (a RabbitMQ queue). */
    public static void deliversFrom(Object consumer, String destination) {
        sink.deliversFrom(consumer, destination);
    }

    /** Where deliveries to {@code consumer} come from, or null when unknown. */
    public static String destinationOf(Object consumer) {
        return sink.destinationOf(consumer);
    }

    /** @param start the fetch's start, or {@link Timing#NOT_TIMED} for a pushed delivery */
    public static void clientReceived(String system, String destination, long bytes, long ageMillis, long start) {
        sink.received(system, destination, bytes, ageMillis, Timing.elapsedSince(start));
    }

    /** A fetch from {@code destination} failed as {@code errorType}. */
    public static void clientReceiveFailed(String system, String destination, String errorType) {
        sink.receiveFailed(system, destination, errorType);
    }

    public static void processed(String system, String destination, long start) {
        sink.processed(system, destination, Timing.elapsedSince(start));
    }

    /** As {@link #processed}, by a consumer of a group ({@link #consumerSeen}): its group's time on the message. */
    public static void consumerProcessed(Object consumer, String destination, long start) {
        sink.consumerProcessed(consumer, destination, Timing.elapsedSince(start));
    }

    public static void settled(String system, String operation) {
        sink.settled(system, operation);
    }

    /**
     * Marks that a message handler is running on this thread; returns whether it is the outermost
     * (a consumer class that calls its superclass's handler counts its message once).
     */
    public static boolean enterHandler() {
        return HANDLER_DEPTH.get()[0]++ == 0;
    }

    public static void exitHandler() {
        HANDLER_DEPTH.get()[0]--;
    }

    /** As {@link #enterHandler()}, for sends: a client's send overloads that call one another count once. */
    public static boolean enterSend() {
        return HANDLER_DEPTH.get()[1]++ == 0;
    }

    public static void exitSend() {
        HANDLER_DEPTH.get()[1]--;
    }

    public static void sent(int site, String destination, Object payload, Throwable error, long start) {
        sink.sent(site, destination, payload, error, Timing.elapsedSince(start));
    }

    public static void received(int site, String destination, Object payload, Throwable error, long start) {
        sink.received(site, destination, payload, error, Timing.elapsedSince(start));
    }
}
