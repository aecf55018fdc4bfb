package io.bytemeter.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.IdRecorder;
import io.bytemeter.bootstrap.Timing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * What Twitter-style Snowflake generators in libraries share (Hutool's {@code Snowflake},
 * MyBatis-Plus's {@code Sequence}): a {@code synchronized long nextId()}, a
 * {@code tilNextMillis(long)} that spins when the sequence runs out, a clock-reading method, and
 * {@code long lastTimestamp} and {@code workerId} fields. {@code nextId()} is one ID or one failure;
 * {@code tilNextMillis} an overflow and its spin a wait; the clock read behind
 * {@code lastTimestamp} a clock step back, whose outcome the end of the {@code nextId} call settles.
 * A subclass names the class, its clock method, how the library recovers from a clock step back,
 * and a constructor advice that registers the generator with its worker and datacenter ids.
 */
public abstract class SnowflakeInstrumentation implements Instrumentation {

    /** Advice for a clock read in a generator that goes on with its last timestamp (Hutool). */
    protected static final String CLOCK_READ_REUSED = SnowflakeInstrumentation.class.getName() + "$ClockReadReused";
    /** Advice for a clock read in a generator that waits for the clock to catch up (MyBatis-Plus). */
    protected static final String CLOCK_READ_WAITED = SnowflakeInstrumentation.class.getName() + "$ClockReadWaited";


    private final String className;
    private final String clockMethod;
    private final String clockAdvice;
    private final String datacenterField;

    /**
     * @param clockMethod the generator's {@code long} method that reads the clock
     * @param clockAdvice {@link #CLOCK_READ_REUSED} or {@link #CLOCK_READ_WAITED}
     * @param datacenterField the field its constructor advice reads the datacenter id from
     */
    protected SnowflakeInstrumentation(String className, String clockMethod, String clockAdvice, String datacenterField) {
        this.className = className;
        this.clockMethod = clockMethod;
        this.clockAdvice = clockAdvice;
        this.datacenterField = datacenterField;
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(className);
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        ElementMatcher.Junction<MethodDescription> clockRead = named(clockMethod).and(takesArguments(0)).and(returns(long.class));
        Map<String, ElementMatcher<? super MethodDescription>> required = new LinkedHashMap<>();
        required.put("long nextId()", Methods.NEXT_ID);
        required.put("long tilNextMillis(long)", Methods.TIL_NEXT_MILLIS);
        required.put("long " + clockMethod + "()", clockRead);
        return builder
                .type(named(className).and(new LibraryShape(name(), required, List.of("lastTimestamp", "workerId", datacenterField))))
                .transform(new InlineAdvice()
                        .advice(isConstructor(), getClass().getName() + "$ConstructorAdvice")
                        .advice(Methods.NEXT_ID, SnowflakeInstrumentation.class.getName() + "$NextId")
                        .advice(Methods.TIL_NEXT_MILLIS, SnowflakeInstrumentation.class.getName() + "$TilNextMillis")
                        .advice(clockRead, clockAdvice));
    }

    /** One ID, or one failure; runs inside {@code nextId}'s lock, so the order check is exact. */
    public static class NextId {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.startId();
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

    /** A clock read behind the last timestamp in a generator that goes on with its last timestamp. */
    public static class ClockReadReused {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object generator, @Advice.Return long now,
                @Advice.FieldValue("lastTimestamp") long lastTimestamp) {
            if (now < lastTimestamp) {
                IdRecorder.clockBehind(generator, IdRecorder.REUSED);
            }
        }
    }

    /** A clock read behind the last timestamp in a generator that waits for the clock to catch up. */
    public static class ClockReadWaited {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object generator, @Advice.Return long now,
                @Advice.FieldValue("lastTimestamp") long lastTimestamp) {
            if (now < lastTimestamp) {
                IdRecorder.clockBehind(generator, IdRecorder.WAITED);
            }
        }
    }

    /** Method matchers, apart so that loading the instrumentation for its name and candidates loads no Byte Buddy. */
    private static final class Methods {
        static final ElementMatcher.Junction<MethodDescription> NEXT_ID =
                named("nextId").and(takesArguments(0)).and(returns(long.class));
        static final ElementMatcher.Junction<MethodDescription> TIL_NEXT_MILLIS =
                named("tilNextMillis").and(takesArguments(long.class)).and(returns(long.class));

        private Methods() {}
    }
}
