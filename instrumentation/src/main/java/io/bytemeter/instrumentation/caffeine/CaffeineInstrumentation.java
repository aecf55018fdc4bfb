package io.bytemeter.instrumentation.caffeine;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.CacheCounters;
import io.bytemeter.bootstrap.CacheRecorder;
import io.bytemeter.bootstrap.LoadTracker;
import io.bytemeter.instrumentation.AddedField;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.Transformations;
import io.bytemeter.instrumentation.LibraryCacheAdvice;
import io.bytemeter.instrumentation.LibraryShape;
import java.util.LinkedHashMap;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Caffeine 2.9 and 3.x, every kind of cache, with no setting. One layer is chosen on purpose: the
 * internal {@code BoundedLocalCache} and {@code UnboundedLocalCache}, which both the {@code Cache}
 * API and the {@code asMap()} view call, so each call is counted once:
 *
 * <ul>
 *   <li>{@code getIfPresent(key, recordStats)}: a get when {@code recordStats} (the Cache API, as
 *       Caffeine's own statistics count it); {@code get(key)}: an {@code asMap()} get;
 *   <li>{@code computeIfAbsent(key, fn, recordStats, recordLoad)}: {@code Cache.get(key, fn)},
 *       {@code LoadingCache.get(key)}: a hit when the function is not called, else a miss and a
 *       load (success when it returned a value);
 *   <li>{@code getAllPresent}: 3.x {@code getAllPresent(result, retainAbsent)}, 2.x
 *       {@code getAllPresent(keys)};
 *   <li>{@code put(key, value)} (also {@code putAll}), {@code remove(key)} (also
 *       {@code invalidate}, {@code invalidateAll(keys)}), {@code clear()} ({@code invalidateAll()});
 *   <li>evictions by cause: {@code notifyEviction} in 3.x; in 2.x, an {@code evictEntry} that its
 *       statistics counter hears of (entries found expired by a put or compute in 2.x are not seen).
 * </ul>
 *
 * {@code getAllPresent} and {@code getAll} count a hit or miss per distinct key, as Caffeine does;
 * the entries a bulk {@code getAll} loads count as puts, not loads. Calls made through Spring's
 * cache abstraction are Spring's to count ({@link CacheRecorder#insideFacade()}). The cache is named
 * where it was built. Produces:
 *
 * <pre>
 * cache_gets_total{cache="UserService#&lt;init&gt;",result="hit"} 5600.0
 * cache_loads_total{cache="UserService#&lt;init&gt;",result="success"} 1400.0
 * cache_evictions_total{cache="UserService#&lt;init&gt;",cause="size"} 310.0
 * </pre>
 */
public final class CaffeineInstrumentation implements Instrumentation {

    static final String PACKAGE = "com.github.benmanes.caffeine.cache.";


    @Override
    public String name() {
        return "caffeine";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(PACKAGE + "BoundedLocalCache", PACKAGE + "UnboundedLocalCache")
                .and(Candidates.subtypesOf(PACKAGE + "stats.StatsCounter"));
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        Map<String, ElementMatcher<? super MethodDescription>> required = new LinkedHashMap<>();
        required.put("getIfPresent(Object, boolean)", Methods.GET_IF_PRESENT);
        required.put("computeIfAbsent(Object, Function, boolean, boolean)", Methods.COMPUTE_IF_ABSENT);
        required.put("put(Object, Object)", Methods.PUT);
        required.put("remove(Object)", Methods.REMOVE);
        InlineAdvice withCounters = new InlineAdvice(AddedField.advice())
                .advice(Methods.GET_IF_PRESENT, adviceName("GetIfPresentAdvice"));
        InlineAdvice withoutCounters = new InlineAdvice()
                .advice(Methods.GET_IF_PRESENT, adviceName("GetIfPresentLookupAdvice"));
        InlineAdvice advice = new InlineAdvice()
                .advice(isConstructor(), adviceName("ConstructorAdvice"))
                .advice(Methods.MAP_GET, LibraryCacheAdvice.GET_RETURNING_VALUE)
                .advice(Methods.GET_ALL_PRESENT_3X, adviceName("GetAllPresent3xAdvice"))
                .advice(Methods.GET_ALL_PRESENT_2X, adviceName("GetAllPresent2xAdvice"))
                .advice(Methods.COMPUTE_IF_ABSENT, adviceName("ComputeIfAbsentAdvice"))
                .advice(Methods.PUT, LibraryCacheAdvice.PUT)
                .advice(Methods.REMOVE, LibraryCacheAdvice.REMOVE_RETURNING_VALUE)
                .advice(Methods.CLEAR, LibraryCacheAdvice.CLEAR)
                .advice(Methods.NOTIFY_EVICTION, adviceName("NotifyEvictionAdvice"))
                .advice(Methods.EVICT_ENTRY.and(new DeclaredBy2x()), adviceName("EvictEntryAdvice"));
        ElementMatcher<TypeDescription> caches = named(PACKAGE + "BoundedLocalCache")
                .or(named(PACKAGE + "UnboundedLocalCache")).and(new LibraryShape(name(), required));
        return builder
                .type(caches)
                .transform(advice)
                .transformAddingField((b, type, loader, module, domain) ->
                        withCounters.transform(b.visit(AddedField.adder(AddedField.COUNTERS)), type, loader, module, domain), withoutCounters)
                .type(hasSuperType(named(PACKAGE + "stats.StatsCounter")))
                .transform(new InlineAdvice()
                        .advice(named("recordEviction").and(takesArguments(2)).and(not(isAbstract())),
                                adviceName("RecordEvictionAdvice")));
    }

    private String adviceName(String simpleName) {
        return getClass().getName() + "$" + simpleName;
    }

    /** Caffeine 2.x reports evictions only through {@code evictEntry}; 3.x also through {@code notifyEviction}. */
    private static final class DeclaredBy2x implements ElementMatcher<MethodDescription> {
        @Override
        public boolean matches(MethodDescription method) {
            return method.getDeclaringType().asErasure().getDeclaredMethods().filter(Methods.NOTIFY_EVICTION).isEmpty();
        }
    }

    public static class ConstructorAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object cache) {
            CacheRecorder.register(cache, "com.github.benmanes.caffeine.", null);
        }
    }

    /**
     * The Cache API's lookup, Caffeine's hot path: an untimed lookup is counted inline through the
     * cache's {@link AddedField}, as Caffeine's own {@code recordStats()} counts it; the rest (timed,
     * or before the field is set) goes out of line to {@link CacheRecorder#getUncounted}.
     */
    public static class GetIfPresentAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.startOutsideFacade();
        }

        /** Arguments not backed up: Caffeine does not assign them, and the copies would make the method too big to inline. */
        @Advice.OnMethodExit(suppress = Throwable.class, backupArguments = false)
        public static void exit(@Advice.This Object cache, @Advice.Argument(0) Object key,
                @Advice.Argument(1) boolean recordStats, @Advice.Enter long start,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object value,
                @AddedField.Value("counters") CacheCounters counters) {
            if (recordStats && start != CacheRecorder.INNER_CALL) {
                if (counters != null) {
                    CacheRecorder.get(counters, key, value != null, start);
                } else {
                    counters = CacheRecorder.getUncounted(null, cache, key, value != null, start);
                }
            }
        }
    }

    /** {@link GetIfPresentAdvice} in a class retransformed without the field (on attach): the cache's series found by identity. */
    public static class GetIfPresentLookupAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.startOutsideFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Argument(0) Object key,
                @Advice.Argument(1) boolean recordStats, @Advice.Enter long start,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object value) {
            if (recordStats && start != CacheRecorder.INNER_CALL) {
                CacheRecorder.get(cache, key, value != null, start);
            }
        }
    }


    /**
     * 3.x: {@code getAllPresent(result, retainAbsent)} looks up each distinct key of {@code result}
     * (which may lose its absent keys on the way) and returns how many were absent.
     */
    public static class GetAllPresent3xAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static int enter(@Advice.Argument(0) Map<?, ?> requested, @Advice.Local("start") long start) {
            start = CacheRecorder.startOutsideFacade();
            return requested.size();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Enter int requested, @Advice.Local("start") long start,
                @Advice.Return int absent) {
            if (start == CacheRecorder.INNER_CALL) {
                return;
            }
            CacheRecorder.gets(cache, requested - absent, absent, start);
        }
    }

    /** 2.x: {@code getAllPresent(keys)} returns the entries found among the distinct keys. */
    public static class GetAllPresent2xAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.startOutsideFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Enter long start,
                @Advice.Argument(0) Iterable<?> keys, @Advice.Return Map<?, ?> found) {
            if (start == CacheRecorder.INNER_CALL) {
                return;
            }
            java.util.Set<Object> distinct = new java.util.HashSet<>();
            for (Object key : keys) {
                distinct.add(key);
            }
            CacheRecorder.gets(cache, found.size(), distinct.size() - found.size(), start);
        }
    }

    public static class ComputeIfAbsentAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static LoadTracker enter(@Advice.This Object cache,
                @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object mappingFunction,
                @Advice.Argument(3) boolean recordLoad, @Advice.Local("start") long start) {
            start = CacheRecorder.startOutsideFacade();
            if (start == CacheRecorder.INNER_CALL) {
                return null; // the facade over this cache counts the lookup and tracks its own loader
            }
            LoadTracker tracker = CacheRecorder.trackLoads(cache, mappingFunction, recordLoad);
            mappingFunction = tracker;
            return tracker;
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Argument(0) Object key,
                @Advice.Argument(2) boolean recordStats, @Advice.Enter LoadTracker tracker,
                @Advice.Local("start") long start) {
            if (tracker != null) {
                int loaded = tracker.finish();
                if (recordStats) {
                    CacheRecorder.get(cache, key, loaded == 0, start);
                }
            }
        }
    }




    public static class NotifyEvictionAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object cache, @Advice.Argument(2) Object cause) {
            CacheRecorder.removal(cache, cause);
        }
    }

    /**
     * Caffeine 2.x: {@code evictEntry} tells its statistics counter, and only it, whether the entry
     * really went; {@link RecordEvictionAdvice} passes that on with the actual cause.
     */
    public static class EvictEntryAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object cache) {
            CacheRecorder.evicting(cache);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit() {
            CacheRecorder.evicting(null);
        }
    }

    public static class RecordEvictionAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(1) Object cause) {
            CacheRecorder.evictionRecorded(cause);
        }
    }

    /** Method matchers, apart so that loading the instrumentation for its name and candidates loads no Byte Buddy. */
    private static final class Methods {
        static final ElementMatcher.Junction<MethodDescription> GET_IF_PRESENT =
                named("getIfPresent").and(takesArguments(2)).and(takesArgument(1, boolean.class));
        static final ElementMatcher.Junction<MethodDescription> COMPUTE_IF_ABSENT =
                named("computeIfAbsent").and(takesArguments(4)).and(takesArgument(2, boolean.class));
        static final ElementMatcher.Junction<MethodDescription> MAP_GET = named("get").and(takesArguments(1));
        static final ElementMatcher.Junction<MethodDescription> GET_ALL_PRESENT_3X =
                named("getAllPresent").and(takesArguments(Map.class, boolean.class)).and(returns(int.class));
        static final ElementMatcher.Junction<MethodDescription> GET_ALL_PRESENT_2X =
                named("getAllPresent").and(takesArguments(Iterable.class)).and(returns(Map.class));
        static final ElementMatcher.Junction<MethodDescription> PUT = named("put").and(takesArguments(2));
        static final ElementMatcher.Junction<MethodDescription> REMOVE = named("remove").and(takesArguments(1));
        static final ElementMatcher.Junction<MethodDescription> CLEAR = named("clear").and(takesArguments(0));
        static final ElementMatcher.Junction<MethodDescription> NOTIFY_EVICTION = named("notifyEviction").and(takesArguments(3));
        static final ElementMatcher.Junction<MethodDescription> EVICT_ENTRY =
                named("evictEntry").and(takesArguments(3)).and(returns(boolean.class));

        private Methods() {}
    }
}
