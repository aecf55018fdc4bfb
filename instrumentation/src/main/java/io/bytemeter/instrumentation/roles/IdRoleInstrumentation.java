package io.bytemeter.instrumentation.roles;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPrimitive;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import io.bytemeter.bootstrap.IdRecorder;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.MethodSpec;
import io.bytemeter.instrumentation.Role;
import io.bytemeter.instrumentation.SiteId;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Custom ID generators: {@code bytemeter.id.generate} and {@code bytemeter.id.wait}. Counts IDs and
 * times them; a call that throws is an error by exception type (and a clock-backward failure when
 * the exception says so); a numeric ID not greater than the previous one from the same instance is
 * non-monotonic; each call of the wait method is a sequence overflow and its duration a wait. Each
 * instance of a generator class is its own series, named where it was built (the class's
 * constructors are instrumented for that); a static generating method is one series named by its
 * class. The order check is exact when the generating method is {@code synchronized}, since the
 * advice then runs inside the generator's lock. Produces, for two generators built in
 * {@code OrderService} and {@code AuditLog} constructors:
 *
 * <pre>
 * id_generated_total{generator="OrderService#&lt;init&gt;"} 100000.0
 * id_sequence_overflows_total{generator="OrderService#&lt;init&gt;"} 20.0
 * id_generation_errors_total{error_type="demo.ClockMovedBackwardsException",generator="AuditLog#&lt;init&gt;"} 3.0
 * id_clock_backward_total{generator="AuditLog#&lt;init&gt;",outcome="failed"} 3.0
 * id_non_monotonic_total{generator="AuditLog#&lt;init&gt;"} 0.0
 * </pre>
 */
public final class IdRoleInstrumentation extends RoleInstrumentation {

    public IdRoleInstrumentation() {
        super(Role.ID_GENERATE, Role.ID_WAIT);
    }

    @Override
    public String name() {
        return "id-roles";
    }

    @Override
    InlineAdvice advise(InlineAdvice advice, Role role, MethodSpec spec) {
        if (role == Role.ID_WAIT) {
            return advice.advice(spec.methodMatcher(), adviceName("WaitAdvice"));
        }
        return advice
                .advice(isConstructor(), adviceName("ConstructorAdvice"))
                .advice(spec.methodMatcher().and(returns(long.class).or(returns(int.class))), adviceName("LongIdAdvice"))
                .advice(spec.methodMatcher().and(not(returns(isPrimitive()))), adviceName("ObjectIdAdvice"));
    }

    /** Remembers where an instance was built, to name its series; frames of its own class are skipped. */
    public static class ConstructorAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object generator, @Advice.Origin("#t") String type) {
            IdRecorder.register(generator, type, null, -1L, -1L);
        }
    }

    public static class LongIdAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.startId();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@SiteId int site, @Advice.This(optional = true) Object generator,
                @Advice.Enter long start, @Advice.Return long id, @Advice.Thrown Throwable error) {
            if (error == null) {
                IdRecorder.generated(site, generator, id, start);
            } else {
                IdRecorder.failed(site, generator, error, start);
            }
        }
    }

    public static class ObjectIdAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.startId();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@SiteId int site, @Advice.This(optional = true) Object generator,
                @Advice.Enter long start, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object id,
                @Advice.Thrown Throwable error) {
            if (error == null) {
                IdRecorder.generated(site, generator, id, start);
            } else {
                IdRecorder.failed(site, generator, error, start);
            }
        }
    }

    /** A wait for the next tick is rare and its length is the point: always timed, never sampled. */
    public static class WaitAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return System.nanoTime();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@SiteId int site, @Advice.This(optional = true) Object generator, @Advice.Enter long start) {
            IdRecorder.waited(site, generator, start);
        }
    }
}
