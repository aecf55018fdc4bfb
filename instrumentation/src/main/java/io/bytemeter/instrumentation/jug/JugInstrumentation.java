package io.bytemeter.instrumentation.jug;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
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
import net.bytebuddy.matcher.ElementMatcher;

/**
 * java-uuid-generator (JUG, {@code com.fasterxml.uuid}) 4.x and 5.x, with no setting: each
 * {@code generate()} of a time-based (v1), reordered (v6), epoch (v7) or random (v4) generator is
 * one ID. v1 and v6 generators take their time from a {@code UUIDTimer}, which counts 10,000
 * ticks a millisecond from a small random start; when the counter runs out while the clock has not
 * moved, it carries into the next millisecond ({@code _lastUsedTimestamp + 1}): an overflow, seen
 * in {@code getTimestamp()} as the counter at its limit and the timestamp moving on by exactly
 * one. (It sleeps only when its time runs 100 ms ahead of the clock; that sleep is not timed.) A
 * timer reports for the generator it was given to first: {@code Generators} hands one shared timer
 * to every v1 and v6 generator it builds without one. v7's 80-bit counter cannot run out in
 * practice; if it did, JUG throws, which counts as an error. Generators are named where the app
 * built them. Produces:
 *
 * <pre>
 * id_generated_total{generator="SessionService#&lt;init&gt;"} 100000.0
 * id_sequence_overflows_total{generator="SessionService#&lt;init&gt;"} 4.0
 * </pre>
 */
public final class JugInstrumentation implements Instrumentation {

    private static final String IMPL = "com.fasterxml.uuid.impl.";

    @Override
    public String name() {
        return "java-uuid-generator";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(IMPL + "TimeBasedGenerator", IMPL + "TimeBasedReorderedGenerator", IMPL + "TimeBasedEpochGenerator",
                IMPL + "TimeBasedEpochRandomGenerator", IMPL + "RandomBasedGenerator", "com.fasterxml.uuid.UUIDTimer");
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        return builder
                .type(namedOneOf(IMPL + "TimeBasedGenerator", IMPL + "TimeBasedReorderedGenerator")
                        .and(new LibraryShape(name(), Map.of("UUID generate()", Methods.GENERATE), List.of("_timer"))))
                .transform(advice()
                        .advice(isConstructor(), adviceName("TimedGeneratorConstructorAdvice"))
                        .advice(Methods.GENERATE, LibraryIdAdvice.CREATE_OPAQUE))
                .type(namedOneOf(IMPL + "TimeBasedEpochGenerator", IMPL + "TimeBasedEpochRandomGenerator", IMPL + "RandomBasedGenerator")
                        .and(new LibraryShape(name(), Map.of("UUID generate()", Methods.GENERATE))))
                .transform(advice()
                        .advice(isConstructor(), adviceName("GeneratorConstructorAdvice"))
                        .advice(Methods.GENERATE, LibraryIdAdvice.CREATE_OPAQUE))
                .type(named("com.fasterxml.uuid.UUIDTimer").and(new LibraryShape(name(),
                        Map.of("long getTimestamp()", Methods.GET_TIMESTAMP), List.of("_clockCounter", "_lastUsedTimestamp"))))
                .transform(advice().advice(Methods.GET_TIMESTAMP, adviceName("GetTimestampAdvice")));
    }

    private static InlineAdvice advice() {
        return new InlineAdvice();
    }

    private String adviceName(String simpleName) {
        return getClass().getName() + "$" + simpleName;
    }

    public static class TimedGeneratorConstructorAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object generator, @Advice.FieldValue("_timer") Object timer) {
            IdRecorder.register(generator, "com.fasterxml.uuid.", null, -1L, -1L);
            IdRecorder.alias(timer, generator);
        }
    }

    public static class GeneratorConstructorAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object generator) {
            IdRecorder.register(generator, "com.fasterxml.uuid.", null, -1L, -1L);
        }
    }

    /** {@code getTimestamp} is {@code synchronized}: the fields read are this call's. */
    public static class GetTimestampAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static boolean enter(@Advice.FieldValue("_clockCounter") int counter,
                @Advice.FieldValue("_lastUsedTimestamp") long lastUsed, @Advice.Local("lastUsedBefore") long lastUsedBefore) {
            lastUsedBefore = lastUsed;
            return counter >= 10_000;
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object timer, @Advice.Enter boolean atLimit,
                @Advice.Local("lastUsedBefore") long lastUsedBefore, @Advice.FieldValue("_lastUsedTimestamp") long lastUsed) {
            if (atLimit && lastUsed == lastUsedBefore + 1) {
                IdRecorder.overflowCarried(timer);
            }
        }
    }

    /** Method matchers, apart so that loading the instrumentation for its name and candidates loads no Byte Buddy. */
    private static final class Methods {
        static final ElementMatcher.Junction<MethodDescription> GENERATE =
                named("generate").and(takesArguments(0)).and(returns(named("java.util.UUID")));
        static final ElementMatcher.Junction<MethodDescription> GET_TIMESTAMP =
                named("getTimestamp").and(takesArguments(0)).and(returns(long.class));

        private Methods() {}
    }
}
