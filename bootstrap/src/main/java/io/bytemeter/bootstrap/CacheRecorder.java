package io.bytemeter.bootstrap;

import java.util.Optional;

/** What cache advice calls. A no-op until the agent installs its sink. */
public final class CacheRecorder {

    private static volatile CacheSink sink = CacheSink.NO_OP;

    private CacheRecorder() {}

    public static void install(CacheSink newSink) {
        sink = newSink;
    }

    /** A get is a hit when it returned something: non-null, and not an empty {@link Optional}. */
    public static boolean isHit(Object result) {
        return result != null && !(result instanceof Optional && ((Optional<?>) result).isEmpty());
    }

    public static void get(int site, boolean hit, long start) {
        sink.get(site, hit, Timing.elapsedSince(start));
    }

    public static void put(int site, long start) {
        sink.put(site, Timing.elapsedSince(start));
    }

    public static void delete(int site, long start) {
        sink.delete(site, Timing.elapsedSince(start));
    }
}
