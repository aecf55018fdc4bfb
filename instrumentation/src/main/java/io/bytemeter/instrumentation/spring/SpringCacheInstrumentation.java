package io.bytemeter.instrumentation.spring;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.CacheRecorder;
import io.bytemeter.bootstrap.LoadTracker;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.LibraryCacheAdvice;
import io.bytemeter.instrumentation.Transformations;
import java.util.concurrent.Callable;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Spring's cache abstraction ({@code org.springframework.cache.Cache}, Spring 6 and 7), every
 * implementation: what {@code @Cacheable}, {@code @CachePut} and {@code @CacheEvict} call. Spring is
 * the outer layer: the Caffeine cache, JCache cache or Redis client under it does not count the
 * same call again ({@link CacheRecorder#enterFacade()}), and the series carries the Spring cache's
 * name (the agent reads {@code getName()} and ties the native cache's evictions and size to it).
 * Counted as Spring sees it: {@code get(key)} and {@code get(key, type)} a hit when they return
 * something; {@code get(key, Callable)} a miss and a load when the loader runs; {@code put};
 * {@code putIfAbsent} a put when it put; {@code evict}, {@code evictIfPresent}, {@code clear} and
 * {@code invalidate} one delete each ({@code evictIfPresent} says whether it removed).
 */
public final class SpringCacheInstrumentation implements Instrumentation {

    private static final String CACHE = "org.springframework.cache.Cache";

    @Override
    public String name() {
        return "spring-cache";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.subtypesOf(CACHE);
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        return builder
                .type(not(isInterface()).and(hasSuperType(named(CACHE))))
                .transform(new InlineAdvice()
                        .advice(Methods.GET.or(Methods.GET_TYPED), ENTER, advice("GetExit"))
                        .advice(Methods.GET_LOADING, advice("GetLoadingAdvice"))
                        .advice(Methods.PUT, ENTER, advice("PutExit"))
                        .advice(Methods.PUT_IF_ABSENT, ENTER, advice("PutIfAbsentExit"))
                        .advice(Methods.EVICT_OR_CLEAR, ENTER, advice("DeleteExit"))
                        .advice(Methods.EVICT_IF_PRESENT, ENTER, advice("EvictIfPresentExit")));
    }

    /** Every method but {@code get(key, loader)} enters as the outer layer; the exits below count what it did. */
    private static final String ENTER = LibraryCacheAdvice.FACADE_ENTER;

    private static String advice(String simpleName) {
        return SpringCacheInstrumentation.class.getName() + "$" + simpleName;
    }

    /** The matchers, apart so that loading this instrumentation loads no Byte Buddy matcher classes. */
    private static final class Methods {
        static final ElementMatcher.Junction<MethodDescription> CONCRETE = not(isBridge()).and(not(isAbstract()));
        static final ElementMatcher.Junction<MethodDescription> GET =
                CONCRETE.and(named("get")).and(takesArguments(Object.class));
        static final ElementMatcher.Junction<MethodDescription> GET_TYPED =
                CONCRETE.and(named("get")).and(takesArguments(2)).and(takesArgument(1, Class.class));
        static final ElementMatcher.Junction<MethodDescription> GET_LOADING =
                CONCRETE.and(named("get")).and(takesArguments(2)).and(takesArgument(1, Callable.class));
        static final ElementMatcher.Junction<MethodDescription> PUT =
                CONCRETE.and(named("put")).and(takesArguments(2)).and(returns(void.class));
        static final ElementMatcher.Junction<MethodDescription> PUT_IF_ABSENT =
                CONCRETE.and(named("putIfAbsent")).and(takesArguments(2));
        static final ElementMatcher.Junction<MethodDescription> EVICT_OR_CLEAR = CONCRETE.and(
                named("evict").and(takesArguments(Object.class))
                        .or(named("clear").and(takesArguments(0)))
                        .or(named("invalidate").and(takesArguments(0))));
        static final ElementMatcher.Junction<MethodDescription> EVICT_IF_PRESENT =
                CONCRETE.and(named("evictIfPresent")).and(takesArguments(Object.class));
    }

    /** {@code get(key)} returns a value wrapper, {@code get(key, type)} the value: a hit when not null. */
    public static class GetExit {
        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Argument(0) Object key, @Advice.Enter long start,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object value, @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL) {
                if (error == null) {
                    CacheRecorder.get(cache, key, value != null, start);
                } else {
                    CacheRecorder.error(cache, "get", error);
                }
            }
        }
    }

    /** {@code get(key, valueLoader)}: the loader runs on a miss, and its run is the load. */
    public static class GetLoadingAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static LoadTracker enter(@Advice.This Object cache,
                @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object valueLoader,
                @Advice.Local("start") long start) {
            start = CacheRecorder.enterFacade();
            if (start == CacheRecorder.INNER_CALL || valueLoader == null) {
                return null;
            }
            LoadTracker tracker = CacheRecorder.trackLoads(cache, valueLoader, true);
            valueLoader = tracker;
            return tracker;
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Argument(0) Object key, @Advice.Enter LoadTracker tracker,
                @Advice.Local("start") long start, @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (tracker != null) {
                boolean loaded = tracker.finish() > 0;
                if (error == null || loaded) {
                    CacheRecorder.get(cache, key, !loaded, start);
                } else {
                    CacheRecorder.error(cache, "get", error);
                }
            }
        }
    }

    public static class PutExit {
        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Argument(0) Object key, @Advice.Enter long start,
                @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL) {
                if (error == null) {
                    CacheRecorder.put(cache, key, start);
                } else {
                    CacheRecorder.error(cache, "put", error);
                }
            }
        }
    }

    /** {@code putIfAbsent} returns the value already there, or null when it put. */
    public static class PutIfAbsentExit {
        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Enter long start,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object existing, @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL) {
                if (error != null) {
                    CacheRecorder.error(cache, "put", error);
                } else if (existing == null) {
                    CacheRecorder.put(cache, 1, start);
                }
            }
        }
    }

    /** {@code evict}, {@code clear}, {@code invalidate}: one delete call; Spring does not say what it removed. */
    public static class DeleteExit {
        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Enter long start, @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL) {
                if (error == null) {
                    CacheRecorder.delete(cache, 1, -1, start);
                } else {
                    CacheRecorder.error(cache, "delete", error);
                }
            }
        }
    }

    public static class EvictIfPresentExit {
        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Enter long start, @Advice.Return boolean removed,
                @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL) {
                if (error == null) {
                    CacheRecorder.delete(cache, 1, removed ? 1 : 0, start);
                } else {
                    CacheRecorder.error(cache, "delete", error);
                }
            }
        }
    }
}
