package io.bytemeter.instrumentation.roles;

import static net.bytebuddy.matcher.ElementMatchers.isPrimitive;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import io.bytemeter.bootstrap.IdRecorder;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.MethodSpec;
import io.bytemeter.instrumentation.Role;
import io.bytemeter.instrumentation.SiteId;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Custom ID generators: {@code bytemeter.id.generate}. Counts IDs and times them; a call that throws
 * (a Snowflake generator whose clock moved backwards) is an error by exception type; a numeric ID
 * not greater than the previous one from the same instance is non-monotonic. The order check is
 * exact when the generating method is {@code synchronized}, since the advice then runs inside the
 * generator's lock. Produces, for a generator class {@code Snowflake}:
 *
 * <pre>
 * id_generated_total{generator="Snowflake"} 100000.0
 * id_generation_errors_total{error_type="demo.ClockMovedBackwardsException",generator="Snowflake"} 3.0
 * id_non_monotonic_total{generator="Snowflake"} 0.0
 * </pre>
 */
public final class IdRoleInstrumentation extends RoleInstrumentation {

    public IdRoleInstrumentation() {
        super(Role.ID_GENERATE);
    }

    @Override
    public String name() {
        return "id-roles";
    }

    @Override
    AgentBuilder.Transformer.ForAdvice advise(AgentBuilder.Transformer.ForAdvice advice, Role role, MethodSpec spec) {
        return advice
                .advice(spec.methodMatcher().and(returns(long.class).or(returns(int.class))), adviceName("LongIdAdvice"))
                .advice(spec.methodMatcher().and(not(returns(isPrimitive()))), adviceName("ObjectIdAdvice"));
    }

    public static class LongIdAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@SiteId int site, @Advice.This(optional = true) Object generator,
                @Advice.Enter long start, @Advice.Return long id, @Advice.Thrown Throwable error) {
            if (error == null) {
                IdRecorder.generated(site, generator, id, start);
            } else {
                IdRecorder.failed(site, error, start);
            }
        }
    }

    public static class ObjectIdAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@SiteId int site, @Advice.This(optional = true) Object generator,
                @Advice.Enter long start, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object id,
                @Advice.Thrown Throwable error) {
            if (error == null) {
                IdRecorder.generated(site, generator, id, start);
            } else {
                IdRecorder.failed(site, error, start);
            }
        }
    }
}
