package io.bytemeter.instrumentation;

import io.bytemeter.bootstrap.IdRecorder;
import io.bytemeter.bootstrap.Timing;
import net.bytebuddy.asm.Advice;

/**
 * Advice that Twitter-style Snowflake generators in libraries share (Hutool's {@code Snowflake},
 * MyBatis-Plus's {@code Sequence}): a {@code synchronized long nextId()}, a
 * {@code tilNextMillis(long)} that spins when the sequence runs out, a clock-reading method, and a
 * {@code long lastTimestamp} field. Referred to by name, like all advice.
 */
public final class SnowflakeAdvice {

    private SnowflakeAdvice() {}

    public static final String NEXT_ID = SnowflakeAdvice.class.getName() + "$NextId";
    public static final String TIL_NEXT_MILLIS = SnowflakeAdvice.class.getName() + "$TilNextMillis";
    public static final String CLOCK_READ_REUSED = SnowflakeAdvice.class.getName() + "$ClockReadReused";
    public static final String CLOCK_READ_WAITED = SnowflakeAdvice.class.getName() + "$ClockReadWaited";

    /** One ID, or one failure; runs inside {@code nextId}'s lock, so the order check is exact. */
    public static class NextId {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object generator, @Advice.Enter long start, @Advice.Return long id,
                @Advice.Thrown Throwable error) {
            if (error == null) {
                IdRecorder.generated(generator, id, start);
            } else {
                IdRecorder.failed(generator, error, start);
            }
        }
    }

    /** The sequence ran out within a millisecond: one overflow, and the spin is the wait. */
    public static class TilNextMillis {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return System.nanoTime();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object generator, @Advice.Enter long start) {
            IdRecorder.overflowWaited(generator, start);
        }
    }

    /** A clock read behind the last timestamp, in a generator that goes on with its last timestamp (Hutool). */
    public static class ClockReadReused {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object generator, @Advice.Return long now,
                @Advice.FieldValue("lastTimestamp") long lastTimestamp) {
            if (now < lastTimestamp) {
                IdRecorder.clockBehind(generator, IdRecorder.REUSED);
            }
        }
    }

    /** A clock read behind the last timestamp, in a generator that waits for the clock to catch up (MyBatis-Plus). */
    public static class ClockReadWaited {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object generator, @Advice.Return long now,
                @Advice.FieldValue("lastTimestamp") long lastTimestamp) {
            if (now < lastTimestamp) {
                IdRecorder.clockBehind(generator, IdRecorder.WAITED);
            }
        }
    }
}
