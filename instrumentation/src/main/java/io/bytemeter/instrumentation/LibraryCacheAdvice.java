package io.bytemeter.instrumentation;

import io.bytemeter.bootstrap.CacheRecorder;
import io.bytemeter.bootstrap.Timing;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice that library caches share, applied by name to the library's own map-like methods, where
 * {@code this} is the cache: a plain lookup, {@code put(key, value)}, {@code remove(key)} and
 * {@code clear()}. A call made inside a facade over the cache (Spring's, JCache's) is the facade's to
 * count. Referred to by name, like all advice, so the agent's class loader never loads it.
 */
public final class LibraryCacheAdvice {

    private LibraryCacheAdvice() {}

    public static final String GET_RETURNING_VALUE = LibraryCacheAdvice.class.getName() + "$GetReturningValue";
    public static final String PUT = LibraryCacheAdvice.class.getName() + "$Put";
    public static final String REMOVE_RETURNING_VALUE = LibraryCacheAdvice.class.getName() + "$RemoveReturningValue";
    public static final String CLEAR = LibraryCacheAdvice.class.getName() + "$Clear";
    public static final String FACADE_ENTER = LibraryCacheAdvice.class.getName() + "$FacadeEnter";

    /**
     * The enter advice of a cache API layered over other instrumented caches (JCache, Spring's):
     * the call enters as the outer layer; the API's own exit advice counts what it did and leaves.
     */
    public static class FacadeEnter {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.enterFacade();
        }
    }

    /** A lookup of the key it is given first, that returns the value or null: a hit or a miss. */
    public static class GetReturningValue {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.startOutsideFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Argument(0) Object key, @Advice.Enter long start,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object value) {
            if (start != CacheRecorder.INNER_CALL) {
                CacheRecorder.get(cache, key, value != null, start);
            }
        }
    }

    /** A put of one entry, its key first. */
    public static class Put {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.startOutsideFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Argument(0) Object key, @Advice.Enter long start) {
            if (start != CacheRecorder.INNER_CALL) {
                CacheRecorder.put(cache, key, start);
            }
        }
    }

    /** A removal that returns the removed value: a delete call, which removed an entry when it returns one. */
    public static class RemoveReturningValue {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.startCache();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Enter long start,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object removed) {
            if (!CacheRecorder.insideFacade()) {
                CacheRecorder.delete(cache, 1, removed != null ? 1 : 0, start);
            }
        }
    }

    /**
     * {@code clear()}: one delete call that removed as many entries as the cache held. Some
     * versions clear key by key through their own {@code remove}; those are inside this call and
     * not counted again.
     */
    public static class Clear {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static int enter(@Advice.This Object cache, @Advice.Local("start") long start) {
            start = CacheRecorder.enterFacade();
            return ((java.util.Map<?, ?>) cache).size();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object cache, @Advice.Enter int size, @Advice.Local("start") long start) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL) {
                CacheRecorder.delete(cache, 1, size, start);
            }
        }
    }
}
