package io.bytemeter.instrumentation.ulid;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import com.github.f4b6a3.ulid.Ulid;
import io.bytemeter.bootstrap.IdRecorder;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.LibraryIdAdvice;
import io.bytemeter.instrumentation.LibraryShape;
import io.bytemeter.instrumentation.Transformations;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * ulid-creator 5's {@code com.github.f4b6a3.ulid.UlidFactory}, with no setting: {@code create(time)}
 * (behind {@code create()}, {@code UlidCreator.getUlid()} and {@code getMonotonicUlid()}) is one ID.
 * A monotonic factory, asked for an ID at or a little behind the time of its last one, increments
 * the last one instead of drawing a new random part; when that increment carries out of the 80
 * random bits into the time, the ID is a millisecond ahead of the clock: an overflow with no wait,
 * seen as the last ID's time moving by exactly one while the clock did not pass it. A clock two
 * milliseconds or more behind the last ID (within the factory's 10 s tolerance) is a clock step
 * the factory rode out by incrementing: {@code reused}. (One millisecond behind is what every ID
 * after a carry sees, so it is not told apart; a step beyond 10 s makes the factory start over at
 * the older time, out of order, and is not counted.) A factory is named by the {@code UlidCreator}
 * method that shares it, else where the app built it.
 */
public final class UlidInstrumentation implements Instrumentation {

    private static final String FACTORY = "com.github.f4b6a3.ulid.UlidFactory";
    private static final String MONOTONIC = "com.github.f4b6a3.ulid.UlidFactory$MonotonicFunction";

    @Override
    public String name() {
        return "ulid-creator";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(FACTORY, MONOTONIC);
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        return builder
                .type(named(FACTORY).and(new LibraryShape(name(), Map.of("Ulid create(long)", Methods.CREATE), List.of("ulidFunction"))))
                .transform(new InlineAdvice()
                        .advice(isConstructor().and(takesArguments(2)), adviceName("ConstructorAdvice"))
                        .advice(Methods.CREATE, LibraryIdAdvice.CREATE_OPAQUE))
                .type(named(MONOTONIC).and(new LibraryShape(name(), Map.of("Ulid apply(long)", Methods.APPLY), List.of("lastUlid"))))
                .transform(new InlineAdvice().advice(Methods.APPLY, adviceName("MonotonicApplyAdvice")));
    }

    private String adviceName(String simpleName) {
        return getClass().getName() + "$" + simpleName;
    }

    /** A factory came into being; its function reports for it. */
    public static class ConstructorAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object factory, @Advice.FieldValue("ulidFunction") Object function) {
            IdRecorder.register(factory, "com.github.f4b6a3.ulid.", "com.github.f4b6a3.ulid.UlidCreator", -1L, -1L);
            IdRecorder.alias(function, factory);
        }
    }

    /** Runs under the factory's lock (taken in {@code create}), so the last ID read is this call's. */
    public static class MonotonicApplyAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.FieldValue("lastUlid") Ulid last) {
            return last.getTime();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object function, @Advice.Argument(0) long time, @Advice.Enter long lastTimeBefore,
                @Advice.FieldValue("lastUlid") Ulid last) {
            if (time <= lastTimeBefore && time > lastTimeBefore - 10_000) {
                if (last.getTime() == lastTimeBefore + 1) {
                    IdRecorder.overflowCarried(function);
                } else if (time < lastTimeBefore - 1) {
                    IdRecorder.clockBehind(function, IdRecorder.REUSED);
                }
            }
        }
    }

    /** Method matchers, apart so that loading the instrumentation for its name and candidates loads no Byte Buddy. */
    private static final class Methods {
        static final ElementMatcher.Junction<MethodDescription> CREATE = named("create").and(takesArguments(1))
                .and(takesArgument(0, long.class));
        static final ElementMatcher.Junction<MethodDescription> APPLY = named("apply").and(takesArguments(1))
                .and(takesArgument(0, long.class)).and(returns(named("com.github.f4b6a3.ulid.Ulid")));

        private Methods() {}
    }
}
