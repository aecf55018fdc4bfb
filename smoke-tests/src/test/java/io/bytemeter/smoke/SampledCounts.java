package io.bytemeter.smoke;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a duration histogram's count promises when only some calls are timed: each timed call is
 * recorded for every call since the last one, read from the exact counter, so the count is the
 * counter's value at the last timed call. It is never above the counter, and below it only by the
 * calls since then: one in {@code interval} is timed, so more than twenty intervals untimed in a
 * row has a chance of about e^-20.
 */
public final class SampledCounts {

    private SampledCounts() {}

    public static void assertStandsFor(long counter, long histogramCount, int interval, String what) {
        assertTrue(histogramCount <= counter, what + ": histogram count " + histogramCount + " above the counter " + counter);
        long slack = Math.max(counter / 100, 20L * interval);
        assertTrue(counter - histogramCount <= slack, what + ": histogram count " + histogramCount + " stands for "
                + counter + " calls, off by more than " + slack);
    }

    /** Within 1% of the counter, as the histogram of a workload of a million calls or more must be. */
    public static void assertWithinOnePercent(long counter, long histogramCount, String what) {
        assertTrue(histogramCount <= counter && counter - histogramCount <= counter / 100,
                what + ": histogram count " + histogramCount + " against the counter " + counter);
    }
}
