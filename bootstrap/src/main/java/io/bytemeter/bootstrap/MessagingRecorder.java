package io.bytemeter.bootstrap;

/** What messaging advice calls. A no-op until the agent installs its sink. */
public final class MessagingRecorder {

    private static volatile MessagingSink sink = MessagingSink.NO_OP;

    private MessagingRecorder() {}

    public static void install(MessagingSink newSink) {
        sink = newSink;
    }

    public static void sent(int site, String destination, Object payload, Throwable error, long start) {
        sink.sent(site, destination, payload, error, Timing.elapsedSince(start));
    }

    public static void received(int site, String destination, Object payload, Throwable error, long start) {
        sink.received(site, destination, payload, error, Timing.elapsedSince(start));
    }
}
