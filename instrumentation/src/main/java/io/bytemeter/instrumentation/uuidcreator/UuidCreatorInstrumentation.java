package io.bytemeter.instrumentation.uuidcreator;

import static net.bytebuddy.matcher.ElementMatchers.declaresField;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.IdRecorder;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.Transformations;
import io.bytemeter.instrumentation.LibraryIdAdvice;
import io.bytemeter.instrumentation.LibraryShape;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * uuid-creator 5 and 6 ({@code com.github.f4b6a3.uuid}), its time-based and time-ordered
 * factories, with no setting: each {@code create()} of an {@code AbstTimeBasedFactory} (v1, v6,
 * behind {@code UuidCreator.getTimeBased()} and {@code getTimeOrdered()}) and of a
 * {@code TimeOrderedEpochFactory} (v7, {@code getTimeOrderedEpoch()}) is one ID. Overflows, where
 * each keeps its counter:
 *
 * <ul>
 *   <li>v1 and v6: the factory's {@code DefaultTimeFunction} counts 10,000 ticks a millisecond
 *       (from a random start); when the counter reaches its limit in the same millisecond, 6.x
 *       carries into the next millisecond ({@code lastTime + 1}) and 5.x spins until the clock
 *       moves (a wait). Seen in {@code getAsLong()} as the counter at its limit and the time moving on.
 *   <li>v7: the {@code UuidFunction} behind the factory adds to the top of {@code rand_b}; when
 *       that wraps to 0 it carries into {@code rand_a}. Seen in {@code increment} as the top 16 bits
 *       of {@code lsb} at 0, which no increment without a carry leaves (the variant bits are set).
 * </ul>
 *
 * The time function and the v7 function report for their factory ({@link IdRecorder#alias}).
 * Random and name-based factories are not counted (no time, no counter). A factory is named by the
 * {@code UuidCreator} method that shares it, else where the app built it. Produces:
 *
 * <pre>
 * id_generated_total{generator="UuidCreator.getTimeOrderedEpoch"} 100000.0
 * id_sequence_overflows_total{generator="UuidCreator.getTimeOrderedEpoch"} 3.0
 * </pre>
 */
public final class UuidCreatorInstrumentation implements Instrumentation {

    private static final String PACKAGE = "com.github.f4b6a3.uuid.";
    private static final String FACTORY = PACKAGE + "factory.";

    @Override
    public String name() {
        return "uuid-creator";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(FACTORY + "AbstTimeBasedFactory", FACTORY + "standard.TimeOrderedEpochFactory",
                        FACTORY + "rfc4122.TimeOrderedEpochFactory", FACTORY + "function.impl.DefaultTimeFunction")
                .and(Candidates.subtypesOf(FACTORY + "standard.TimeOrderedEpochFactory$UuidFunction",
                        FACTORY + "rfc4122.TimeOrderedEpochFactory$UuidFunction"));
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        ElementMatcher.Junction<MethodDescription> getAsLong = named("getAsLong").and(takesArguments(0));
        return builder
                .type(named(FACTORY + "AbstTimeBasedFactory")
                        .and(new LibraryShape(name(), Map.of("UUID create()", Methods.CREATE), List.of("timeFunction"))))
                .transform(advice()
                        .advice(isConstructor(), adviceName("TimeBasedFactoryConstructorAdvice"))
                        .advice(Methods.CREATE, LibraryIdAdvice.CREATE_OPAQUE))
                .type(Methods.EPOCH_FACTORY.and(new LibraryShape(name(), Map.of("UUID create()", Methods.CREATE), List.of("uuidFunction"))))
                .transform(advice()
                        .advice(isConstructor(), adviceName("EpochFactoryConstructorAdvice"))
                        .advice(Methods.CREATE, LibraryIdAdvice.CREATE_OPAQUE))
                .type(nameStartsWith(FACTORY).and(not(isAbstract())).and(hasSuperType(
                        named(FACTORY + "standard.TimeOrderedEpochFactory$UuidFunction")
                                .or(named(FACTORY + "rfc4122.TimeOrderedEpochFactory$UuidFunction")))))
                .transform(advice().advice(named("increment").and(not(isAbstract())), adviceName("EpochIncrementAdvice")))
                .type(named(FACTORY + "function.impl.DefaultTimeFunction").and(new LibraryShape(name(),
                        Map.of("long getAsLong()", getAsLong), List.of("counter", "counterMax", "lastTime"))))
                .transform(advice()
                        // 6.x lets the time run up to advanceMax ahead of the clock and carries; 5.x waits
                        .advice(getAsLong.and(isDeclaredBy(declaresField(named("advanceMax")))), adviceName("TimeFunctionCarryAdvice"))
                        .advice(getAsLong.and(not(isDeclaredBy(declaresField(named("advanceMax"))))),
                                adviceName("TimeFunctionWaitAdvice")));
    }

    private static InlineAdvice advice() {
        return new InlineAdvice();
    }

    private String adviceName(String simpleName) {
        return getClass().getName() + "$" + simpleName;
    }

    public static class TimeBasedFactoryConstructorAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object factory, @Advice.FieldValue("timeFunction") Object timeFunction) {
            IdRecorder.register(factory, "com.github.f4b6a3.uuid.", "com.github.f4b6a3.uuid.UuidCreator", -1L, -1L);
            IdRecorder.alias(timeFunction, factory);
        }
    }

    public static class EpochFactoryConstructorAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object factory, @Advice.FieldValue("uuidFunction") Object uuidFunction) {
            IdRecorder.register(factory, "com.github.f4b6a3.uuid.", "com.github.f4b6a3.uuid.UuidCreator", -1L, -1L);
            IdRecorder.alias(uuidFunction, factory);
        }
    }

    /** Runs under the function's lock: {@code lsb} is this call's. */
    public static class EpochIncrementAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object function, @Advice.FieldValue("lsb") long lsb) {
            if (lsb >>> 48 == 0) {
                IdRecorder.overflowCarried(function);
            }
        }
    }

    /** 6.x: the counter at its limit and the time moved on by the call: a carry. Runs under the factory's lock. */
    public static class TimeFunctionCarryAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static boolean enter(@Advice.FieldValue("counter") long counter, @Advice.FieldValue("counterMax") long counterMax,
                @Advice.FieldValue("lastTime") long lastTime, @Advice.Local("lastTimeBefore") long lastTimeBefore) {
            lastTimeBefore = lastTime;
            return counter + 1 >= counterMax;
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object function, @Advice.Enter boolean atLimit,
                @Advice.Local("lastTimeBefore") long lastTimeBefore, @Advice.FieldValue("lastTime") long lastTime) {
            if (atLimit && lastTime > lastTimeBefore) {
                IdRecorder.overflowCarried(function);
            }
        }
    }

    /** 5.x: the counter at its limit and the time moved on by the call: it spun for the clock, a wait. */
    public static class TimeFunctionWaitAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.FieldValue("counter") long counter, @Advice.FieldValue("counterMax") long counterMax,
                @Advice.FieldValue("lastTime") long lastTime, @Advice.Local("lastTimeBefore") long lastTimeBefore) {
            lastTimeBefore = lastTime;
            return counter + 1 >= counterMax ? System.nanoTime() : 0L;
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object function, @Advice.Enter long waitStart,
                @Advice.Local("lastTimeBefore") long lastTimeBefore, @Advice.FieldValue("lastTime") long lastTime) {
            if (waitStart != 0L && lastTime > lastTimeBefore) {
                IdRecorder.overflowWaited(function, waitStart);
            }
        }
    }

    /** Method matchers, apart so that loading the instrumentation for its name and candidates loads no Byte Buddy. */
    private static final class Methods {
        static final ElementMatcher.Junction<MethodDescription> CREATE =
                named("create").and(takesArguments(0)).and(returns(named("java.util.UUID")));
        static final ElementMatcher.Junction<TypeDescription> EPOCH_FACTORY =
                named(FACTORY + "standard.TimeOrderedEpochFactory").or(named(FACTORY + "rfc4122.TimeOrderedEpochFactory"));

        private Methods() {}
    }
}
