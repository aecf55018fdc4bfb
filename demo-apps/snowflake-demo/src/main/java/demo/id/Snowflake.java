package demo.id;

import java.util.function.LongSupplier;

/**
 * A Snowflake ID generator: 41 bits of milliseconds since 2023-11-14, 10 bits of worker id, 12 bits
 * of sequence. When the sequence runs out within a millisecond it waits for the next one. When the
 * clock moves backwards by more than the tolerance it throws; by less, a careful generator waits
 * for the clock to catch up, a careless one carries on and may hand out a smaller ID.
 */
public final class Snowflake {

    private static final long EPOCH = 1_700_000_000_000L;
    private static final int SEQUENCE_BITS = 12;
    private static final int WORKER_BITS = 10;
    private static final long MAX_SEQUENCE = (1L << SEQUENCE_BITS) - 1;

    private final long workerId;
    private final LongSupplier clock;
    private final long toleranceMillis;
    private final boolean waitOnSmallSkew;
    private long lastTimestamp = -1;
    private long sequence;
    private long lastId = -1;
    private long regressions;
    private long sequenceWaits;

    public Snowflake(long workerId, LongSupplier clock, long toleranceMillis, boolean waitOnSmallSkew) {
        if (workerId < 0 || workerId >= 1L << WORKER_BITS) {
            throw new IllegalArgumentException("worker id must be from 0 to 1023, was " + workerId);
        }
        this.workerId = workerId;
        this.clock = clock;
        this.toleranceMillis = toleranceMillis;
        this.waitOnSmallSkew = waitOnSmallSkew;
    }

    public synchronized long nextId() {
        long now = clock.getAsLong();
        if (now < lastTimestamp) {
            long behind = lastTimestamp - now;
            if (behind > toleranceMillis) {
                throw new ClockMovedBackwardsException(behind);
            }
            if (waitOnSmallSkew) {
                now = waitForClock(lastTimestamp);
            }
        }
        if (now == lastTimestamp) {
            sequence = (sequence + 1) & MAX_SEQUENCE;
            if (sequence == 0) {
                sequenceWaits++;
                now = tilNextMillis(lastTimestamp);
            }
        } else {
            sequence = 0;
        }
        lastTimestamp = now;
        long id = ((now - EPOCH) << (WORKER_BITS + SEQUENCE_BITS)) | (workerId << SEQUENCE_BITS) | sequence;
        if (id <= lastId) {
            regressions++;
        }
        lastId = id;
        return id;
    }

    /** The sequence ran out: spins until the next millisecond. */
    private long tilNextMillis(long timestamp) {
        return spinUntil(timestamp + 1);
    }

    /** The clock is behind the last timestamp, within tolerance: spins until it is back. */
    private long waitForClock(long timestamp) {
        return spinUntil(timestamp);
    }

    private long spinUntil(long timestamp) {
        long now = clock.getAsLong();
        while (now < timestamp) {
            Thread.onSpinWait();
            now = clock.getAsLong();
        }
        return now;
    }

    /** IDs handed out that were not greater than the one before: the generator's own count. */
    public synchronized long regressions() {
        return regressions;
    }

    /** Times the sequence ran out and the generator waited for the next millisecond: the generator's own count. */
    public synchronized long sequenceWaits() {
        return sequenceWaits;
    }
}
