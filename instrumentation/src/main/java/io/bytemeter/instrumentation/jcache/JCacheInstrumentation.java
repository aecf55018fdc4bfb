package io.bytemeter.instrumentation.jcache;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.CacheRecorder;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.LibraryCacheAdvice;
import io.bytemeter.instrumentation.Transformations;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Any JCache ({@code javax.cache.Cache}) provider, named by the JCache cache name. JCache is the
 * outer layer: while a JCache call runs, an instrumented cache under it (Ehcache 3 behind its
 * JCache API) does not count the same call again ({@link CacheRecorder#enterFacade()}). Counted
 * as JCache statistics count: {@code get}, {@code getAll} (hits and misses per key), {@code put},
 * {@code putAll}, {@code putIfAbsent} (a put when it put), {@code remove(key)} (a delete when it
 * removed). Evictions are not seen through JCache.
 */
public final class JCacheInstrumentation implements Instrumentation {

    private static final String CACHE = "javax.cache.Cache";

    @Override
    public String name() {
        return "jcache";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.subtypesOf(CACHE);
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        ElementMatcher.Junction<MethodDescription> concrete = not(isBridge());
        return builder
                .type(not(isInterface()).and(hasSuperType(named(CACHE))))
                .transform(new InlineAdvice()
                        .advice(concrete.and(named("get")).and(takesArguments(1)), ENTER, exit("GetExit"))
                        .advice(concrete.and(named("getAll")).and(takesArguments(Set.class)), ENTER, exit("GetAllExit"))
                        .advice(concrete.and(named("put")).and(takesArguments(2)).and(returns(void.class)), ENTER, exit("PutExit"))
                        .advice(concrete.and(named("putAll")).and(takesArguments(Map.class)), ENTER, exit("PutAllExit"))
                        .advice(concrete.and(named("putIfAbsent")).and(takesArguments(2)).and(returns(boolean.class)),
                                ENTER, exit("ConditionalPutExit"))
                        .advice(concrete.and(named("remove")).and(takesArguments(1)).and(returns(boolean.class)),
                                ENTER, exit("RemoveExit")));
    }

    private static final String ENTER = LibraryCacheAdvice.FACADE_ENTER;

    private static String exit(String simpleName) {
        return JCacheInstrumentation.class.getName() + "$" + simpleName;
    }

    public static class GetExit {
        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Argument(0) Object key, @Advice.Enter long start,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object value, @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL && error == null) {
                CacheRecorder.get(cache, key, value != null, start);
            }
        }
    }

    public static class GetAllExit {
        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Enter long start, @Advice.Argument(0) Set<?> keys,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object found, @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL && error == null && found instanceof Map) {
                int hits = ((Map<?, ?>) found).size();
                CacheRecorder.gets(cache, hits, keys.size() - hits, start);
            }
        }
    }

    public static class PutExit {
        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Argument(0) Object key, @Advice.Enter long start,
                @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL && error == null) {
                CacheRecorder.put(cache, key, start);
            }
        }
    }

    public static class PutAllExit {
        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Enter long start, @Advice.Argument(0) Map<?, ?> entries,
                @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL && error == null) {
                CacheRecorder.put(cache, entries.size(), start);
            }
        }
    }

    public static class ConditionalPutExit {
        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Enter long start, @Advice.Return boolean put,
                @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL && error == null && put) {
                CacheRecorder.put(cache, 1, start);
            }
        }
    }

    public static class RemoveExit {
        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Enter long start, @Advice.Return boolean removed,
                @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL && error == null) {
                CacheRecorder.delete(cache, 1, removed ? 1 : 0, start);
            }
        }
    }
}
