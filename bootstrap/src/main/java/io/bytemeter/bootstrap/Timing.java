package io.bytemeter.bootstrap;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides whether a call is timed and reads the clock for it.
 *
 * <p>Counts are exact for every call; only the two clock reads are sampled. A pair of
 * {@code System.nanoTime()} reads costs about 54 ns on the project's machines, ten times a Caffeine
 * hit, so calls inside the process that are as fast as the clock are timed one in several by
 * default, fixed per family so that timing costs a few percent of the call: cache calls one in
 * {@value #CACHE_DEFAULT} (a hit is about 5 ns), ID generation one in {@value #ID_DEFAULT} (a UUID
 * about 170 ns), timed methods one in {@value #METHOD_DEFAULT}. Calls that leave the process
 * (brokers, gRPC, Redis), whose own time dwarfs the clock, are timed every one.
 * {@code bytemeter.timing.sample=N} forces one in N (rounded up to a power of two) everywhere, and
 * {@code 1} times every call. The sinks record a sampled duration for every call it stands for
 * (see {@code LatencyHistogram.recordSampled}), so a histogram's count still estimates all calls.
 *
 * <p>Which calls are timed is a random draw per call from the thread's own generator: a few
 * instructions, no shared state, and no pattern in the app's calls can line up with it.
 */
public final class Timing {

    /** Returned by {@link #start()} for a call that is not timed. */
    public static final long NOT_TIMED = 0L;

    /** Returned by {@link #elapsedSince(long)} for a call that was not timed. */
    public static final long NO_DURATION = -1L;

    static final int CACHE_DEFAULT = 256;
    static final int ID_DEFAULT = 64;
    static final int METHOD_DEFAULT = 16;

    private static volatile int remoteMask;
    private static volatile int cacheMask = CACHE_DEFAULT - 1;
    private static volatile int idMask = ID_DEFAULT - 1;
    private static volatile int methodMask = METHOD_DEFAULT - 1;

    private Timing() {}

    /** The start of a call that leaves the process (a send, an RPC, a Redis command), or {@link #NOT_TIMED}. */
    public static long start() {
        return startOneIn(remoteMask);
    }

    /** The start of an in-process cache call, or {@link #NOT_TIMED}. */
    public static long startCache() {
        return startOneIn(cacheMask);
    }

    /** The start of an ID generation, or {@link #NOT_TIMED}. */
    public static long startId() {
        return startOneIn(idMask);
    }

    /** The start of a timed custom method, or {@link #NOT_TIMED}. */
    public static long startMethod() {
        return startOneIn(methodMask);
    }

    private static long startOneIn(int mask) {
        if (mask != 0 && (ThreadLocalRandom.current().nextInt() & mask) != 0) {
            return NOT_TIMED;
        }
        return System.nanoTime();
    }

    /** Nanoseconds since {@code start}, or {@link #NO_DURATION} when the call was not timed. */
    public static long elapsedSince(long start) {
        return start == NOT_TIMED ? NO_DURATION : System.nanoTime() - start;
    }

    /** One in how many calls that leave the process are timed: 1 unless forced. */
    public static int remoteInterval() {
        return remoteMask + 1;
    }

    /** Whether every call that leaves the process is timed (the default). */
    public static boolean timesEveryRemoteCall() {
        return remoteMask == 0;
    }

    public static boolean timesEveryCacheCall() {
        return cacheMask == 0;
    }

    public static boolean timesEveryIdCall() {
        return idMask == 0;
    }

    public static boolean timesEveryMethodCall() {
        return methodMask == 0;
    }

    /** Times one call in {@code n} everywhere, rounded up to a power of two; 1 times every call. */
    public static void sampleOneIn(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("sample rate must be at least 1, was " + n);
        }
        int mask = (n == 1 ? 1 : Integer.highestOneBit(n - 1) << 1) - 1;
        remoteMask = mask;
        cacheMask = mask;
        idMask = mask;
        methodMask = mask;
    }

    /** Back to the defaults: every remote call timed, in-process ones sampled per family. */
    public static void sampleByDefault() {
        remoteMask = 0;
        cacheMask = CACHE_DEFAULT - 1;
        idMask = ID_DEFAULT - 1;
        methodMask = METHOD_DEFAULT - 1;
    }
}
