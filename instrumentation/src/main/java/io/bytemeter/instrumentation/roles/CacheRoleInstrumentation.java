package io.bytemeter.instrumentation.roles;

import static net.bytebuddy.matcher.ElementMatchers.isPrimitive;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import io.bytemeter.bootstrap.CacheRecorder;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.MethodSpec;
import io.bytemeter.instrumentation.Role;
import io.bytemeter.instrumentation.SiteId;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Custom caches: {@code bytemeter.cache.get}, {@code .put} and {@code .delete}. A get is a hit when
 * it returns non-null (a present {@code Optional}, or {@code true} from a boolean lookup). A call
 * that throws is not counted: it neither hit nor missed. Produces, for a cache named {@code LruCache}:
 *
 * <pre>
 * cache_gets_total{cache="LruCache",result="hit"} 5600.0
 * cache_puts_total{cache="LruCache"} 2000.0
 * cache_operation_duration_seconds_bucket{cache="LruCache",operation="get",le="1.0E-6"} 5100
 * </pre>
 */
public final class CacheRoleInstrumentation extends RoleInstrumentation {

    public CacheRoleInstrumentation() {
        super(Role.CACHE_GET, Role.CACHE_PUT, Role.CACHE_DELETE);
    }

    @Override
    public String name() {
        return "cache-roles";
    }

    @Override
    AgentBuilder.Transformer.ForAdvice advise(AgentBuilder.Transformer.ForAdvice advice, Role role, MethodSpec spec) {
        switch (role) {
            case CACHE_GET:
                return advice
                        .advice(spec.methodMatcher().and(returns(boolean.class)), adviceName("BooleanGetAdvice"))
                        .advice(spec.methodMatcher().and(not(returns(isPrimitive()))), adviceName("GetAdvice"));
            case CACHE_PUT:
                return advice.advice(spec.methodMatcher(), adviceName("PutAdvice"));
            default:
                return advice.advice(spec.methodMatcher(), adviceName("DeleteAdvice"));
        }
    }

    public static class GetAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@SiteId int site, @Advice.Enter long start,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result) {
            CacheRecorder.get(site, CacheRecorder.isHit(result), start);
        }
    }

    public static class BooleanGetAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@SiteId int site, @Advice.Enter long start, @Advice.Return boolean found) {
            CacheRecorder.get(site, found, start);
        }
    }

    public static class PutAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@SiteId int site, @Advice.Enter long start) {
            CacheRecorder.put(site, start);
        }
    }

    public static class DeleteAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@SiteId int site, @Advice.Enter long start) {
            CacheRecorder.delete(site, start);
        }
    }
}
