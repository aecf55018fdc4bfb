package io.bytemeter.instrumentation.mybatisplus;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.IdRecorder;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.LibraryShape;
import io.bytemeter.instrumentation.SnowflakeAdvice;
import java.util.LinkedHashMap;
import java.util.Map;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * MyBatis-Plus 3's {@code com.baomidou.mybatisplus.core.toolkit.Sequence}, the Snowflake behind
 * {@code IdWorker.getId()} and {@code DefaultIdentifierGenerator}, with no setting:
 * {@code nextId()} is one ID or one failure; {@code tilNextMillis} an overflow and its spin a wait;
 * {@code timeGen()} reading a clock behind {@code lastTimestamp} is a clock step back,
 * {@code waited} when the step is at most 5 ms (MyBatis-Plus waits twice the step and reads
 * again), {@code failed} when it throws ("Clock moved backwards. Refusing to generate id").
 * The generator behind {@code IdWorker} is named by the {@code IdWorker} method the app called
 * ({@code IdWorker.getId}); one the app built, where it built it. Produces:
 *
 * <pre>
 * id_generated_total{datacenter="7",generator="IdWorker.getId",worker="12"} 100000.0
 * id_clock_backward_total{datacenter="7",generator="IdWorker.getId",outcome="waited",worker="12"} 1.0
 * </pre>
 */
public final class MybatisPlusSequenceInstrumentation implements Instrumentation {

    private static final ElementMatcher.Junction<MethodDescription> NEXT_ID =
            named("nextId").and(takesArguments(0)).and(returns(long.class));
    private static final ElementMatcher.Junction<MethodDescription> TIL_NEXT_MILLIS =
            named("tilNextMillis").and(takesArguments(long.class)).and(returns(long.class));
    private static final ElementMatcher.Junction<MethodDescription> TIME_GEN =
            named("timeGen").and(takesArguments(0)).and(returns(long.class));

    @Override
    public String name() {
        return "mybatis-plus-sequence";
    }

    @Override
    public AgentBuilder extend(AgentBuilder builder, InstrumentationContext context) {
        Map<String, ElementMatcher<? super MethodDescription>> required = new LinkedHashMap<>();
        required.put("long nextId()", NEXT_ID);
        required.put("long tilNextMillis(long)", TIL_NEXT_MILLIS);
        required.put("long timeGen()", TIME_GEN);
        return builder
                .type(named("com.baomidou.mybatisplus.core.toolkit.Sequence").and(new LibraryShape(name(), required)))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(MybatisPlusSequenceInstrumentation.class.getClassLoader())
                        .advice(isConstructor(), getClass().getName() + "$ConstructorAdvice")
                        .advice(NEXT_ID, SnowflakeAdvice.NEXT_ID)
                        .advice(TIL_NEXT_MILLIS, SnowflakeAdvice.TIL_NEXT_MILLIS)
                        .advice(TIME_GEN, SnowflakeAdvice.CLOCK_READ_WAITED));
    }

    public static class ConstructorAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object generator, @Advice.FieldValue("workerId") long worker,
                @Advice.FieldValue("datacenterId") long datacenter) {
            IdRecorder.register(generator, "com.baomidou.", "com.baomidou.mybatisplus.core.toolkit.IdWorker",
                    worker, datacenter);
        }
    }
}
