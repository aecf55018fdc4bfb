package demo.ids;

import java.util.Arrays;

/**
 * What a set of Snowflake IDs from one generator says about it, read from their own bits: the low
 * 12 bits are the sequence within a millisecond, so every ID with sequence 4095 that is not the
 * last one was followed by an overflow (the generator had to wait for the next millisecond).
 */
final class SnowflakeBits {

    private static final long SEQUENCE_MASK = 4095;

    private SnowflakeBits() {}

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
