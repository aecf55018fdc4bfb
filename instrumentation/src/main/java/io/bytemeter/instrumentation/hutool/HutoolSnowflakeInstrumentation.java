package io.bytemeter.instrumentation.hutool;

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
 * Hutool 5's {@code cn.hutool.core.lang.Snowflake}, with no setting: {@code nextId()} (which
 * {@code nextIdStr()} and {@code IdUtil.getSnowflakeNextId()} call) is one ID or one failure;
 * {@code tilNextMillis}, where it spins when 4096 IDs were made in one millisecond, is an overflow
 * and a wait; {@code genTime()} reading a clock behind {@code lastTimestamp} is a clock step back,
 * {@code reused} when it is within {@code timeOffset} (Hutool goes on with its last timestamp),
 * {@code failed} when Hutool throws {@code IllegalStateException("Clock moved backwards...")}.
 * A generator is named where the app built it, or by the {@code IdUtil} method that shares it.
 * Produces:
 *
 * <pre>
 * id_generated_total{datacenter="1",generator="OrderService#&lt;init&gt;",worker="3"} 100000.0
 * id_sequence_overflows_total{datacenter="1",generator="OrderService#&lt;init&gt;",worker="3"} 12.0
 * id_clock_backward_total{datacenter="1",generator="OrderService#&lt;init&gt;",outcome="reused",worker="3"} 1.0
 * </pre>
 */
public final class HutoolSnowflakeInstrumentation implements Instrumentation {

    private static final ElementMatcher.Junction<MethodDescription> NEXT_ID =
            named("nextId").and(takesArguments(0)).and(returns(long.class));
    private static final ElementMatcher.Junction<MethodDescription> TIL_NEXT_MILLIS =
            named("tilNextMillis").and(takesArguments(long.class)).and(returns(long.class));
    private static final ElementMatcher.Junction<MethodDescription> GEN_TIME =
            named("genTime").and(takesArguments(0)).and(returns(long.class));

    @Override
    public String name() {
        return "hutool-snowflake";
    }

    @Override
    public AgentBuilder extend(AgentBuilder builder, InstrumentationContext context) {
        Map<String, ElementMatcher<? super MethodDescription>> required = new LinkedHashMap<>();
        required.put("long nextId()", NEXT_ID);
        required.put("long tilNextMillis(long)", TIL_NEXT_MILLIS);
        required.put("long genTime()", GEN_TIME);
        return builder
                .type(named("cn.hutool.core.lang.Snowflake").and(new LibraryShape(name(), required)))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(HutoolSnowflakeInstrumentation.class.getClassLoader())
                        .advice(isConstructor(), getClass().getName() + "$ConstructorAdvice")
                        .advice(NEXT_ID, SnowflakeAdvice.NEXT_ID)
                        .advice(TIL_NEXT_MILLIS, SnowflakeAdvice.TIL_NEXT_MILLIS)
                        .advice(GEN_TIME, SnowflakeAdvice.CLOCK_READ_REUSED));
    }

    public static class ConstructorAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object generator, @Advice.FieldValue("workerId") long worker,
                @Advice.FieldValue("dataCenterId") long datacenter) {
            IdRecorder.register(generator, "cn.hutool.", "cn.hutool.core.util.IdUtil", worker, datacenter);
        }
    }
}
