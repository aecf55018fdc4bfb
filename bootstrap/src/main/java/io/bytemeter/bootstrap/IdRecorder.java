package io.bytemeter.bootstrap;

/** What ID-generator advice calls. A no-op until the agent installs its sink. */
public final class IdRecorder {

    private static volatile IdSink sink = IdSink.NO_OP;

    private IdRecorder() {}

    public static void install(IdSink newSink) {
        sink = newSink;
    }

    public static void generated(int site, Object generator, long id, long start) {
        sink.generated(site, generator, id, Timing.elapsedSince(start));
    }

    /** An ID returned as an object: a {@link Long} or {@link Integer} is checked for order. */
    public static void generated(int site, Object generator, Object id, long start) {
        long nanos = Timing.elapsedSince(start);
        if (id instanceof Long || id instanceof Integer) {
            sink.generated(site, generator, ((Number) id).longValue(), nanos);
        } else {
            sink.generatedOpaque(site, nanos);
        }
    }

    public static void failed(int site, Throwable error, long start) {
        sink.failed(site, error, Timing.elapsedSince(start));
    }
}
