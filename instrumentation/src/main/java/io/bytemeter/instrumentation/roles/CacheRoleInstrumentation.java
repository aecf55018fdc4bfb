package io.bytemeter.instrumentation.roles;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPrimitive;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import io.bytemeter.bootstrap.CacheRecorder;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.MethodSpec;
import io.bytemeter.instrumentation.Role;
import io.bytemeter.instrumentation.SiteId;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Custom caches: {@code bytemeter.cache.get}, {@code .put} and {@code .delete}. A get is a hit when
 * it returns non-null (a present {@code Optional}, or {@code true} from a boolean lookup). A call
 * that throws is not counted: it neither hit nor missed. Each instance of a cache class is its own
 * series, named where it was built, as library caches are (the class's constructors are
 * instrumented for that), or by {@code bytemeter.cache.names} for the class; a static method
 * counts for one series named by its class. Produces, for an {@code LruCache} built in
 * {@code SessionStore}'s constructor:
 *
 * <pre>
 * cache_gets_total{cache="SessionStore#&lt;init&gt;",result="hit"} 5600.0
 * cache_puts_total{cache="SessionStore#&lt;init&gt;"} 2000.0
 * cache_operation_duration_seconds_bucket{cache="SessionStore#&lt;init&gt;",operation="get",le="1.0E-6"} 5100
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
    InlineAdvice advise(InlineAdvice advice, Role role, MethodSpec spec) {
        advice = advice.advice(isConstructor(), adviceName("ConstructorAdvice"));
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

    /** Remembers where an instance was built, to name its series; frames of its own class are skipped. */
    public static class ConstructorAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Origin("#t") String type) {
            CacheRecorder.register(cache, type, null);
        }
    }

    public static class GetAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.startCache();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@SiteId int site, @Advice.This(optional = true) Object cache, @Advice.Enter long start,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result) {
            CacheRecorder.get(site, cache, CacheRecorder.isHit(result), start);
        }
    }

    public static class BooleanGetAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.startCache();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@SiteId int site, @Advice.This(optional = true) Object cache, @Advice.Enter long start,
                @Advice.Return boolean found) {
            CacheRecorder.get(site, cache, found, start);
        }
    }

    public static class PutAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.startCache();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@SiteId int site, @Advice.This(optional = true) Object cache, @Advice.Enter long start) {
            CacheRecorder.put(site, cache, start);
        }
    }

    public static class DeleteAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.startCache();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@SiteId int site, @Advice.This(optional = true) Object cache, @Advice.Enter long start) {
            CacheRecorder.delete(site, cache, start);
        }
    }
}
