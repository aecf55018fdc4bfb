package io.bytemeter.instrumentation.yitter;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.IdRecorder;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.LibraryShape;
import io.bytemeter.instrumentation.Transformations;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Yitter's IdGenerator ({@code com.github.yitter}, 1.0): every {@code SnowWorkerM1.nextId()} (the
 * default "drift" method, behind {@code YitIdHelper.nextId()} and {@code DefaultIdGenerator}) and
 * {@code SnowWorkerM2.nextId()} (the classic one) is one ID. When M1's sequence runs out within a
 * tick it borrows the next tick instead of waiting ("drift"): an overflow with no wait, seen as its
 * last tick moving by exactly one while it is in drift. After 2,000 borrowed ticks (its
 * {@code TopOverCostCount}), and in M2 whenever the sequence runs out, it spins for the clock
 * ({@code GetNextTimeTick}): an overflow and its wait. A clock behind M1's last tick starts a
 * turn-back (IDs from reserved sequence numbers of earlier ticks): {@code reused}, once per
 * turn-back; M2 throws instead: {@code failed}. A worker is named where the app built its
 * generator and carries its worker id.
 */
public final class YitterInstrumentation implements Instrumentation {

    private static final String M1 = "com.github.yitter.core.SnowWorkerM1";
    private static final String M2 = "com.github.yitter.core.SnowWorkerM2";

    @Override
    public String name() {
        return "yitter-idgenerator";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(M1, M2);
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        List<String> fields = List.of("WorkerId", "_LastTimeTick", "_IsOverCost", "_TurnBackTimeTick");
        return builder
                .type(named(M1).and(new LibraryShape(name(), Map.of("long nextId()", Methods.NEXT_ID,
                        "long NextNormalId(), long NextOverCostId()", Methods.TICK, "long GetNextTimeTick()", Methods.NEXT_TIME_TICK),
                        fields)))
                .transform(new InlineAdvice()
                        .advice(isConstructor(), adviceName("ConstructorAdvice"))
                        .advice(Methods.NEXT_ID, adviceName("NextIdAdvice"))
                        .advice(Methods.TICK, adviceName("TickAdvice"))
                        .advice(Methods.NEXT_TIME_TICK, adviceName("NextTimeTickAdvice")))
                .type(named(M2).and(new LibraryShape(name(), Map.of("long nextId()", Methods.NEXT_ID))))
                .transform(new InlineAdvice().advice(Methods.NEXT_ID, adviceName("NextIdAdvice")));
    }

    private String adviceName(String simpleName) {
        return getClass().getName() + "$" + simpleName;
    }

    public static class ConstructorAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object worker, @Advice.FieldValue("WorkerId") short workerId) {
            IdRecorder.register(worker, "com.github.yitter.", null, workerId, -1L);
        }
    }

    /**
     * M1's {@code NextNormalId} and {@code NextOverCostId}, which run under its lock: a borrowed
     * tick (drift) and the start of a turn-back, read from its fields before and after.
     */
    public static class TickAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.FieldValue("_LastTimeTick") long lastTick, @Advice.FieldValue("_TurnBackTimeTick") long turnBack,
                @Advice.Local("turnBackBefore") long turnBackBefore) {
            turnBackBefore = turnBack;
            return lastTick;
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object worker, @Advice.Enter long lastTickBefore,
                @Advice.Local("turnBackBefore") long turnBackBefore, @Advice.FieldValue("_LastTimeTick") long lastTick,
                @Advice.FieldValue("_IsOverCost") boolean drifting, @Advice.FieldValue("_TurnBackTimeTick") long turnBack) {
            if (drifting && lastTick == lastTickBefore + 1) {
                IdRecorder.overflowCarried(worker);
            } else if (turnBackBefore < 1 && turnBack >= 1) {
                IdRecorder.clockBehind(worker, IdRecorder.REUSED);
            }
        }
    }

    /** {@code nextId}: one ID. M2 throws when the clock is behind its last tick (M1 never throws). */
    public static class NextIdAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.startId();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object worker, @Advice.Enter long start, @Advice.Return long id,
                @Advice.Thrown Throwable error) {
            if (error == null) {
                IdRecorder.generated(worker, id, start);
            } else {
                if (error.getClass().getName().equals("com.github.yitter.contract.IdGeneratorException")) {
                    IdRecorder.clockBehind(worker, IdRecorder.REUSED);
                }
                IdRecorder.failed(worker, error, start);
            }
        }
    }

    /** A spin for the clock to pass the last tick: one overflow, and the spin is its wait. */
    public static class NextTimeTickAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return System.nanoTime();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object worker, @Advice.Enter long start) {
            IdRecorder.overflowWaited(worker, start);
        }
    }

    private static final class Methods {
        static final ElementMatcher.Junction<MethodDescription> NEXT_ID = named("nextId").and(takesArguments(0)).and(returns(long.class));
        static final ElementMatcher.Junction<MethodDescription> TICK = named("NextNormalId").or(named("NextOverCostId"))
                .and(takesArguments(0)).and(returns(long.class));
        static final ElementMatcher.Junction<MethodDescription> NEXT_TIME_TICK = named("GetNextTimeTick").and(takesArguments(0))
                .and(returns(long.class));

        private Methods() {}
    }
}
