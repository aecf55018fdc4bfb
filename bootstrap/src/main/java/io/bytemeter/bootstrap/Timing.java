package io.bytemeter.bootstrap;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides whether a call is timed and reads the clock for it.
 *
 * <p>Counts are exact for every call; only the two clock reads are sampled. With
 * {@code bytemeter.timing.sample=N} one call in N (N rounded up to a power of two) is timed, so the
 * per-call cost on a very hot path drops to a random draw and a counter increment.
 */
public final class Timing {

    /** Returned by {@link #start()} for a call that is not timed. */
    public static final long NOT_TIMED = 0L;

    /** Returned by {@link #elapsedSince(long)} for a call that was not timed. */
    public static final long NO_DURATION = -1L;

    private static volatile int sampleMask;

    private Timing() {}

    /** The start of a timed call, or {@link #NOT_TIMED}. Called from method-enter advice. */
    public static long start() {
        int mask = sampleMask;
        if (mask != 0 && (ThreadLocalRandom.current().nextInt() & mask) != 0) {
            return NOT_TIMED;
        }
        return System.nanoTime();
    }

    /** Nanoseconds since {@code start}, or {@link #NO_DURATION} when the call was not timed. */
    public static long elapsedSince(long start) {
        return start == NOT_TIMED ? NO_DURATION : System.nanoTime() - start;
    }

    /** Times one call in {@code n}, rounded up to a power of two; 1 times every call. */
    public static void sampleOneIn(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("sample rate must be at least 1, was " + n);
        }
        int powerOfTwo = n == 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
        sampleMask = powerOfTwo - 1;
    }
}
