package io.bytemeter.bootstrap;

/** What timed-method advice calls. A no-op until the agent installs its sink. */
public final class MethodRecorder {

    private static volatile MethodSink sink = MethodSink.NO_OP;

    private MethodRecorder() {}

    public static void install(MethodSink newSink) {
        sink = newSink;
    }

    public static void exited(int site, Throwable error, long start) {
        sink.exited(site, error, Timing.elapsedSince(start));
    }
}
