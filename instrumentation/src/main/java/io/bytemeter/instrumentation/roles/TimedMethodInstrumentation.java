package io.bytemeter.instrumentation.roles;

import io.bytemeter.bootstrap.MethodRecorder;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.MethodSpec;
import io.bytemeter.instrumentation.Role;
import io.bytemeter.instrumentation.SiteId;
import net.bytebuddy.asm.Advice;

/**
 * Any method: {@code bytemeter.methods.timed}. Latency and calls by outcome. Produces:
 *
 * <pre>
 * method_calls_total{class="com.acme.Billing",method="charge",outcome="success"} 42.0
 * method_calls_total{class="com.acme.Billing",error_type="java.io.IOException",method="charge",outcome="error"} 1.0
 * method_duration_seconds_count{class="com.acme.Billing",method="charge",outcome="success"} 42
 * </pre>
 */
public final class TimedMethodInstrumentation extends RoleInstrumentation {

    public TimedMethodInstrumentation() {
        super(Role.TIMED_METHOD);
    }

    @Override
    public String name() {
        return "timed-methods";
    }

    @Override
    InlineAdvice advise(InlineAdvice advice, Role role, MethodSpec spec) {
        return advice.advice(spec.methodMatcher(), adviceName("TimedAdvice"));
    }

    public static class TimedAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.startMethod();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@SiteId int site, @Advice.Enter long start, @Advice.Thrown Throwable error) {
            MethodRecorder.exited(site, error, start);
        }
    }
}
