package demo.ids;

import java.util.Arrays;

/**
 * What a set of IDs from one generator says about it, read from their own bits. For Snowflakes, the
 * low 12 bits are the sequence within a millisecond, so every ID with sequence 4095 that is not the
 * last one was followed by an overflow (the generator had to wait for the next millisecond), or,
 * seldom, by a millisecond that began by itself: an upper bound on the overflows.
 */
final class IdBits {

    private static final long SEQUENCE_MASK = 4095;

    private IdBits() {}

    static long overflows(long[] ids) {
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        long overflows = 0;
        for (int i = 0; i < sorted.length - 1; i++) {
            if ((sorted[i] & SEQUENCE_MASK) == SEQUENCE_MASK) {
                overflows++;
            }
        }
        return overflows;
    }

    /**
     * A TSID's low 22 bits hold its node and counter, above them the milliseconds. When the counter
     * runs out the factory carries into the time: the next ID has counter 0 one millisecond on.
     */
    static long tsidCarries(long[] tsids, int counterBits) {
        long[] sorted = tsids.clone();
        Arrays.sort(sorted);
        long counterMask = (1L << counterBits) - 1;
        long carries = 0;
        for (int i = 0; i < sorted.length - 1; i++) {
            long time = sorted[i] >>> 22;
            long nextTime = sorted[i + 1] >>> 22;
            if ((sorted[i] & counterMask) == counterMask && (sorted[i + 1] & counterMask) == 0 && nextTime == time + 1) {
                carries++;
            }
        }
        return carries;
    }

    /**
     * Ticks Yitter's drift borrowed, an upper bound from its IDs (tick, 6 bits of worker, 6 of
     * sequence from 5 to 63): an ID with sequence 63 followed by one a tick on with sequence 5. A
     * tick the clock reached just as the sequence hit 63 looks the same.
     */
    static long yitterBorrowedTicks(long[] ids) {
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        long borrowed = 0;
        for (int i = 0; i < sorted.length - 1; i++) {
            if ((sorted[i] & 63) == 63 && (sorted[i + 1] & 63) == 5 && sorted[i + 1] >>> 12 == (sorted[i] >>> 12) + 1) {
                borrowed++;
            }
        }
        return borrowed;
    }

    /**
     * Carries of JUG's timer, from its UUIDs' 60-bit timestamps (100 ns ticks: the millisecond
     * times 10,000 plus a counter): a timestamp whose counter is 9,999 followed by one a
     * millisecond on is a counter that ran out and carried.
     */
    static long timerCarries(long[] timestamps) {
        long[] sorted = timestamps.clone();
        Arrays.sort(sorted);
        long carries = 0;
        for (int i = 0; i < sorted.length - 1; i++) {
            if (sorted[i] % 10_000 == 9_999 && sorted[i + 1] / 10_000 == sorted[i] / 10_000 + 1) {
                carries++;
            }
        }
        return carries;
    }

    /** The 60-bit timestamp of a v6 UUID: time_high, time_mid, then time_low under the version. */
    static long v6Timestamp(java.util.UUID uuid) {
        long msb = uuid.getMostSignificantBits();
        return (msb >>> 32) << 28 | ((msb >>> 16) & 0xffff) << 12 | (msb & 0xfff);
    }

    static long duplicates(long[] ids) {
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        long duplicates = 0;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                duplicates++;
            }
        }
        return duplicates;
    }
}
