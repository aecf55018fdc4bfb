package io.bytemeter.instrumentation.ehcache;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.CacheRecorder;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.Transformations;
import io.bytemeter.instrumentation.LibraryShape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Ehcache 3's own API ({@code org.ehcache.Cache}, implemented by {@code EhcacheBase}), named by
 * the alias given to {@code CacheManager.createCache}. Calls made through Ehcache's JCache API are
 * counted by the JCache instrumentation instead, once. Counted: {@code get}, {@code getAll}
 * (non-null values are hits), {@code put}, {@code putAll}, {@code putIfAbsent} (a put when there
 * was no value), {@code remove} (a delete per call: Ehcache does not say whether it removed), and
 * evictions from the heap store ({@code OnHeapStore.evict}; caches with off-heap or disk tiers
 * evict elsewhere and are not counted). Unlike {@code LibraryCacheAdvice}, which Caffeine and Guava
 * share, every advice here checks the facade mark: Ehcache is the one library with an instrumented
 * API (JCache) over it, and the others' hot paths are spared the per-thread read.
 */
public final class EhcacheInstrumentation implements Instrumentation {

    private static final String PACKAGE = "org.ehcache.core.";


    @Override
    public String name() {
        return "ehcache";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(PACKAGE + "EhcacheBase", PACKAGE + "EhcacheManager",
                "org.ehcache.impl.internal.store.heap.OnHeapStore", "org.ehcache.jsr107.Eh107Cache");
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        Map<String, ElementMatcher<? super MethodDescription>> cacheMethods = new LinkedHashMap<>();
        cacheMethods.put("get(Object)", Methods.GET);
        cacheMethods.put("put(Object, Object)", Methods.PUT);
        cacheMethods.put("remove(Object)", Methods.REMOVE);
        Map<String, ElementMatcher<? super MethodDescription>> managerMethods = new LinkedHashMap<>();
        managerMethods.put("createCache(String, CacheConfiguration, boolean)", Methods.CREATE_CACHE);
        return builder
                .type(named(PACKAGE + "EhcacheBase").and(new LibraryShape(name(), cacheMethods)))
                .transform(new InlineAdvice()
                        .advice(isConstructor(), adviceName("ConstructorAdvice"))
                        .advice(Methods.GET, adviceName("GetAdvice"))
                        .advice(Methods.GET_ALL, adviceName("GetAllAdvice"))
                        .advice(Methods.PUT, adviceName("PutAdvice"))
                        .advice(Methods.PUT_ALL, adviceName("PutAllAdvice"))
                        .advice(Methods.PUT_IF_ABSENT, adviceName("PutIfAbsentAdvice"))
                        .advice(Methods.REMOVE, adviceName("RemoveAdvice")))
                .type(named(PACKAGE + "EhcacheManager").and(new LibraryShape(name(), managerMethods)))
                .transform(new InlineAdvice()
                        .advice(Methods.CREATE_CACHE, adviceName("CreateCacheAdvice")))
                .type(named("org.ehcache.impl.internal.store.heap.OnHeapStore").and(new LibraryShape(name(), Map.of("evict(StoreEventSink)", Methods.EVICT))))
                .transform(new InlineAdvice()
                        .advice(Methods.EVICT, adviceName("EvictAdvice")))
                .type(named("org.ehcache.jsr107.Eh107Cache"))
                .transform(new InlineAdvice()
                        .advice(isConstructor(), adviceName("JCacheConstructorAdvice")));
    }

    private String adviceName(String simpleName) {
        return getClass().getName() + "$" + simpleName;
    }

    /** The cache's store evicts on its behalf. */
    public static class ConstructorAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.FieldValue("store") Object store) {
            CacheRecorder.alias(store, cache);
        }
    }

    /** Ehcache behind its JCache API: what the Ehcache records (evictions) counts for the JCache cache. */
    public static class JCacheConstructorAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object jcache, @Advice.FieldValue("ehCache") Object ehcache) {
            CacheRecorder.alias(ehcache, jcache);
        }
    }

    /** The heap store's eviction of one entry, for size: Ehcache's own eviction statistic counts these. */
    public static class EvictAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object store, @Advice.Return boolean evicted) {
            if (evicted) {
                CacheRecorder.removal(store, "size");
            }
        }
    }

    public static class CreateCacheAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Argument(0) String alias, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object cache) {
            if (cache != null) {
                CacheRecorder.register(cache, "org.ehcache.", alias);
            }
        }
    }

    public static class GetAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.startCache();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Argument(0) Object key, @Advice.Enter long start,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object value) {
            if (!CacheRecorder.insideFacade()) {
                CacheRecorder.get(cache, key, value != null, start);
            }
        }
    }

    public static class GetAllAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.startCache();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Enter long start,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object found) {
            if (!CacheRecorder.insideFacade() && found instanceof Map) {
                int hits = 0;
                for (Object value : ((Map<?, ?>) found).values()) {
                    if (value != null) {
                        hits++;
                    }
                }
                CacheRecorder.gets(cache, hits, ((Map<?, ?>) found).size() - hits, start);
            }
        }
    }

    public static class PutAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.startCache();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Argument(0) Object key, @Advice.Enter long start) {
            if (!CacheRecorder.insideFacade()) {
                CacheRecorder.put(cache, key, start);
            }
        }
    }

    public static class PutAllAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.startCache();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Enter long start, @Advice.Argument(0) Map<?, ?> entries) {
            if (!CacheRecorder.insideFacade()) {
                CacheRecorder.put(cache, entries.size(), start);
            }
        }
    }

    public static class PutIfAbsentAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.startCache();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Enter long start,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object previous) {
            if (!CacheRecorder.insideFacade() && previous == null) {
                CacheRecorder.put(cache, 1, start);
            }
        }
    }

    public static class RemoveAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.startCache();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Enter long start) {
            if (!CacheRecorder.insideFacade()) {
                CacheRecorder.delete(cache, 1, -1, start); // Ehcache's remove does not say whether it removed
            }
        }
    }

    /** Method matchers, apart so that loading the instrumentation for its name and candidates loads no Byte Buddy. */
    private static final class Methods {
        static final ElementMatcher.Junction<MethodDescription> GET = named("get").and(takesArguments(1));
        static final ElementMatcher.Junction<MethodDescription> GET_ALL = named("getAll").and(takesArguments(Set.class));
        static final ElementMatcher.Junction<MethodDescription> PUT = named("put").and(takesArguments(2));
        static final ElementMatcher.Junction<MethodDescription> PUT_ALL = named("putAll").and(takesArguments(Map.class));
        static final ElementMatcher.Junction<MethodDescription> PUT_IF_ABSENT = named("putIfAbsent").and(takesArguments(2));
        static final ElementMatcher.Junction<MethodDescription> REMOVE = named("remove").and(takesArguments(1));
        static final ElementMatcher.Junction<MethodDescription> EVICT =
                named("evict").and(takesArguments(1)).and(returns(boolean.class));
        static final ElementMatcher.Junction<MethodDescription> CREATE_CACHE =
                named("createCache").and(takesArguments(3)).and(takesArgument(0, String.class));

        private Methods() {}
    }
}
