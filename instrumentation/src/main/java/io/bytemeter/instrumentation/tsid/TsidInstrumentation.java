package io.bytemeter.instrumentation.tsid;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * tsid-creator 5's {@code com.github.f4b6a3.tsid.TsidFactory}, with no setting: {@code create()}
 * (behind {@code TsidCreator.getTsid()} and its siblings) is one ID. When its counter runs out
 * within a millisecond the factory does not wait: it carries into the time ({@code lastTime + 1}),
 * which {@code getTime()}'s advice sees as the counter going from its mask to 0 while the time
 * moves by exactly one: an overflow with no wait. A clock behind the last time is not told apart
 * from a repeated millisecond (the factory treats both alike and never fails), so it is not counted.
 * A factory is named by the {@code TsidCreator} method that shares it, else where the app built it,
 * and carries its node as {@code worker}. Produces:
 *
 * <pre>
 * id_generated_total{generator="TsidCreator.getTsid",worker="0"} 100000.0
 * id_sequence_overflows_total{generator="TsidCreator.getTsid",worker="0"} 3.0
 * </pre>
 */
public final class TsidInstrumentation implements Instrumentation {


    @Override
    public String name() {
        return "tsid-creator";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named("com.github.f4b6a3.tsid.TsidFactory");
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        Map<String, ElementMatcher<? super MethodDescription>> required = new LinkedHashMap<>();
        required.put("Tsid create()", Methods.CREATE);
        required.put("long getTime()", Methods.GET_TIME);
        return builder
                .type(named("com.github.f4b6a3.tsid.TsidFactory")
                        .and(new LibraryShape(name(), required, List.of("lastTime", "counter", "counterMask", "node"))))
                .transform(new InlineAdvice()
                        .advice(isConstructor(), adviceName("ConstructorAdvice"))
                        .advice(Methods.CREATE, LibraryIdAdvice.CREATE_OPAQUE)
                        .advice(Methods.GET_TIME, adviceName("GetTimeAdvice")));
    }

    private String adviceName(String simpleName) {
        return getClass().getName() + "$" + simpleName;
    }

    public static class ConstructorAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object factory, @Advice.FieldValue("node") int node) {
            IdRecorder.register(factory, "com.github.f4b6a3.tsid.", "com.github.f4b6a3.tsid.TsidCreator", node, -1L);
        }
    }

    /** Runs under the factory's lock (taken in {@code create}), so the fields read are this call's. */
    public static class GetTimeAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.FieldValue("lastTime") long lastTime, @Advice.FieldValue("counter") int counter,
                @Advice.Local("counterBefore") int counterBefore) {
            counterBefore = counter;
            return lastTime;
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object factory, @Advice.Enter long lastTimeBefore,
                @Advice.Local("counterBefore") int counterBefore, @Advice.FieldValue("lastTime") long lastTime,
                @Advice.FieldValue("counter") int counter, @Advice.FieldValue("counterMask") int counterMask) {
            if (counter == 0 && counterBefore == counterMask && lastTime == lastTimeBefore + 1) {
                IdRecorder.overflowCarried(factory);
            }
        }
    }

    /** Method matchers, apart so that loading the instrumentation for its name and candidates loads no Byte Buddy. */
    private static final class Methods {
        static final ElementMatcher.Junction<MethodDescription> CREATE = named("create").and(takesArguments(0));
        static final ElementMatcher.Junction<MethodDescription> GET_TIME =
                named("getTime").and(takesArguments(0)).and(returns(long.class));

        private Methods() {}
    }
}
