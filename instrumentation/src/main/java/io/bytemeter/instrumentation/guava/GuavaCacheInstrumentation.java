package io.bytemeter.instrumentation.guava;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.CacheRecorder;
import io.bytemeter.bootstrap.Timing;
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
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Guava's {@code Cache} and {@code LoadingCache} (tested on 23 and 33), at the internal
 * {@code LocalCache} that every Guava cache is, counted as Guava's own statistics count:
 *
 * <ul>
 *   <li>{@code getIfPresent(key)}: a hit or a miss;
 *   <li>{@code get(key, loader)} ({@code LoadingCache.get}, {@code Cache.get(key, callable)}): a
 *       miss when this thread loaded ({@code Segment.loadSync}) or waited for another's load
 *       ({@code Segment.waitForLoadingValue}), else a hit; each {@code loadSync} is a load;
 *   <li>{@code put}, {@code putAll}, {@code remove} ({@code invalidate}), {@code clear()};
 *   <li>evictions by cause from {@code Segment.enqueueNotification}.
 * </ul>
 *
 * {@code asMap().get}, {@code getAll} and {@code getAllPresent} are not counted, as in Guava's own
 * statistics for the first. The cache is named where it was built.
 */
public final class GuavaCacheInstrumentation implements Instrumentation {

    static final String PACKAGE = "com.google.common.cache.";


    @Override
    public String name() {
        return "guava-cache";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(PACKAGE + "LocalCache", PACKAGE + "LocalCache$Segment");
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        Map<String, ElementMatcher<? super MethodDescription>> cacheMethods = new LinkedHashMap<>();
        cacheMethods.put("getIfPresent(Object)", Methods.GET_IF_PRESENT);
        cacheMethods.put("get(Object, CacheLoader)", Methods.LOADING_GET);
        cacheMethods.put("put(Object, Object)", Methods.PUT);
        cacheMethods.put("remove(Object)", Methods.REMOVE);
        Map<String, ElementMatcher<? super MethodDescription>> segmentMethods = new LinkedHashMap<>();
        segmentMethods.put("loadSync(Object, int, LoadingValueReference, CacheLoader)", Methods.LOAD_SYNC);
        segmentMethods.put("waitForLoadingValue(ReferenceEntry, Object, ValueReference)", Methods.WAIT_FOR_LOAD);
        segmentMethods.put("enqueueNotification(Object, int, Object, int, RemovalCause)", Methods.ENQUEUE_NOTIFICATION);
        return builder
                .type(named(PACKAGE + "LocalCache").and(new LibraryShape(name(), cacheMethods)))
                .transform(new InlineAdvice()
                        .advice(isConstructor(), adviceName("ConstructorAdvice"))
                        .advice(Methods.GET_IF_PRESENT, LibraryCacheAdvice.GET_RETURNING_VALUE)
                        .advice(Methods.LOADING_GET, adviceName("LoadingGetAdvice"))
                        .advice(Methods.PUT, LibraryCacheAdvice.PUT)
                        .advice(Methods.REMOVE, LibraryCacheAdvice.REMOVE_RETURNING_VALUE)
                        .advice(Methods.CLEAR, LibraryCacheAdvice.CLEAR))
                .type(named(PACKAGE + "LocalCache$Segment").and(new LibraryShape(name(), segmentMethods)))
                .transform(new InlineAdvice()
                        .advice(Methods.LOAD_SYNC, adviceName("LoadSyncAdvice"))
                        .advice(Methods.WAIT_FOR_LOAD, adviceName("WaitForLoadAdvice"))
                        .advice(Methods.ENQUEUE_NOTIFICATION, adviceName("EnqueueNotificationAdvice")));
    }

    private String adviceName(String simpleName) {
        return getClass().getName() + "$" + simpleName;
    }

    public static class ConstructorAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object cache) {
            CacheRecorder.register(cache, "com.google.common.", null);
        }
    }


    public static class LoadingGetAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.Local("start") long start) {
            start = Timing.startCache();
            return CacheRecorder.missMarks();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Argument(0) Object key, @Advice.Enter long marks,
                @Advice.Local("start") long start) {
            CacheRecorder.get(cache, key, CacheRecorder.missMarks() == marks, start);
        }
    }




    public static class LoadSyncAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            CacheRecorder.markMiss();
            return System.nanoTime();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.FieldValue("map") Object cache, @Advice.Enter long start,
                @Advice.Thrown Throwable error) {
            CacheRecorder.load(cache, error == null, System.nanoTime() - start);
        }
    }

    public static class WaitForLoadAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter() {
            CacheRecorder.markMiss();
        }
    }

    public static class EnqueueNotificationAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.FieldValue("map") Object cache, @Advice.Argument(4) Object cause) {
            CacheRecorder.removal(cache, cause);
        }
    }

    /** Method matchers, apart so that loading the instrumentation for its name and candidates loads no Byte Buddy. */
    private static final class Methods {
        static final ElementMatcher.Junction<MethodDescription> GET_IF_PRESENT = named("getIfPresent").and(takesArguments(1));
        static final ElementMatcher.Junction<MethodDescription> LOADING_GET =
                named("get").and(takesArguments(2)).and(takesArgument(1, named(PACKAGE + "CacheLoader")));
        static final ElementMatcher.Junction<MethodDescription> PUT = named("put").and(takesArguments(2));
        static final ElementMatcher.Junction<MethodDescription> REMOVE = named("remove").and(takesArguments(1));
        static final ElementMatcher.Junction<MethodDescription> CLEAR = named("clear").and(takesArguments(0));
        static final ElementMatcher.Junction<MethodDescription> LOAD_SYNC = named("loadSync").and(takesArguments(4));
        static final ElementMatcher.Junction<MethodDescription> WAIT_FOR_LOAD = named("waitForLoadingValue").and(takesArguments(3));
        static final ElementMatcher.Junction<MethodDescription> ENQUEUE_NOTIFICATION =
                named("enqueueNotification").and(takesArguments(5));

        private Methods() {}
    }
}
