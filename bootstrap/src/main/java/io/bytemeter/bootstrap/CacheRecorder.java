package io.bytemeter.bootstrap;

import java.util.Optional;
import jdk.internal.vm.annotation.DontInline;

/**
 * What cache advice calls. A no-op until the agent installs its sink. Custom caches are passed by
 * site id; library caches by instance, so that each cache the app builds has its own series and
 * a cache the app drops takes its series with it.
 */
public final class CacheRecorder {

    private static volatile CacheSink sink = CacheSink.NO_OP;

    /** Per-thread state: facade depth (see {@link #enterFacade()}) and a miss mark count. */
    private static final class ThreadState {
        int facadeDepth;
        long missMarks;
        LoadTracker spare;
        Object evicting;
    }

    /** Whether any facade call was ever entered: until then no lookup needs the thread's state. */
    private static volatile boolean facadesUsed;

    private static final ThreadLocal<ThreadState> STATE = new ThreadLocal<ThreadState>() {
        @Override
        protected ThreadState initialValue() {
            return new ThreadState();
        }
    };

    private CacheRecorder() {}

    public static void install(CacheSink newSink) {
        sink = newSink;
    }

    /** Whether caches are sized ({@code bytemeter.cache.sizing}): set once at start. */
    private static volatile boolean keysWanted;

    /** Caches are sized: advice that must work to find a call's key (a Redis or memcached client's) does so from now on. */
    public static void wantKeys() {
        keysWanted = true;
    }

    /** Whether a call's key is wanted: off, the clients' advice leaves the key where it is. */
    public static boolean keysWanted() {
        return keysWanted;
    }

    /** A get is a hit when it returned something: non-null, and not an empty {@link Optional}. */
    public static boolean isHit(Object result) {
        return result != null && !(result instanceof Optional && ((Optional<?>) result).isEmpty());
    }

    public static void get(int site, Object cache, boolean hit, long start) {
        sink.get(site, cache, hit, Timing.elapsedSince(start));
    }

    public static void put(int site, Object cache, long start) {
        sink.put(site, cache, Timing.elapsedSince(start));
    }

    public static void delete(int site, Object cache, long start) {
        sink.delete(site, cache, Timing.elapsedSince(start));
    }

    public static void register(Object cache, String library, String name) {
        sink.register(cache, library, name, false);
    }

    /**
     * A cache in the process whose advice times every call ({@link #enterTimedFacade()}: a data
     * grid's map on a member, whose calls take microseconds) came into being: its timed calls each
     * record for themselves, as a remote cache's do, instead of standing for the calls since the
     * last timed one, which costs a sum of its counters per call.
     */
    public static void registerTimed(Object cache, String library, String name) {
        sink.register(cache, library, name, false);
        sink.timesEveryCall(cache);
    }

    /** A client of a remote cache (a Redis connection) came into being; {@code name} names its server. */
    public static void registerRemote(Object client, String library, String name) {
        sink.register(client, library, name, true);
    }

    public static void alias(Object inner, Object cache) {
        if (inner != null) {
            sink.alias(inner, cache);
        }
    }

    public static void get(Object cache, boolean hit, long start) {
        get(cache, null, hit, start);
    }

    /** A lookup of {@code key}, which the cache's miss-ratio curve takes in when the cache is sized. */
    public static void get(Object cache, Object key, boolean hit, long start) {
        sink.get(cache, key, hit ? 1 : 0, hit ? 0 : 1, Timing.elapsedSince(start));
    }

    /**
     * A lookup of {@code key} in a cache whose counters its advice holds: untimed, counted here,
     * inlined into the library's method; timed, recorded out of line by {@link #getUncounted}.
     */
    public static void get(CacheCounters counters, Object key, boolean hit, long start) {
        if (start == Timing.NOT_TIMED) {
            counters.lookedUp(key, hit);
        } else {
            getUncounted(counters, null, key, hit, start);
        }
    }

    /**
     * A lookup of a cache with a counters field that its advice did not count inline: a timed one,
     * or one before the field was set.
     *
     * <p>Called on 1 lookup in 256 by default, and kept out of the library's compiled method
     * ({@code DontInline}, which HotSpot honours in classes the boot loader defines): inlined, the
     * whole recording path would make the library's method too big for the JIT to inline it into
     * the app's code, which costs the untimed lookups more than the call costs the timed ones.
     *
     * @return the cache's counters, for the advice to keep in the field; null while there are none
     */
    @DontInline
    public static CacheCounters getUncounted(CacheCounters counters, Object cache, Object key, boolean hit, long start) {
        return sink.get(counters, cache, key, hit ? 1 : 0, hit ? 0 : 1, Timing.elapsedSince(start));
    }

    public static void gets(Object cache, int hits, int misses, long start) {
        sink.get(cache, null, hits, misses, Timing.elapsedSince(start));
    }

    public static void put(Object cache, int count, long start) {
        sink.put(cache, null, count, Timing.elapsedSince(start));
    }

    /** A put of {@code key}, which the cache's miss-ratio curve takes in as a reference when the cache is sized. */
    public static void put(Object cache, Object key, long start) {
        sink.put(cache, key, 1, Timing.elapsedSince(start));
    }

    /** @param removed entries the calls removed, or -1 when the library does not say */
    public static void delete(Object cache, int calls, int removed, long start) {
        sink.delete(cache, calls, removed, Timing.elapsedSince(start));
    }

    public static void load(Object cache, boolean success, long nanos) {
        sink.load(cache, success, nanos);
    }

    public static void removal(Object cache, Object cause) {
        sink.removal(cache, String.valueOf(cause));
    }

    /** A remote cache command that is not a get, put or delete, by its name. */
    public static void command(Object cache, String command, long start) {
        sink.command(cache, command, Timing.elapsedSince(start));
    }

    /** A call that failed; the app saw {@code error}. */
    public static void error(Object cache, String operation, Throwable error) {
        sink.error(cache, operation, error.getClass().getSimpleName());
    }

    /** A call that failed as the client tells it, by a status rather than an exception ({@code TIMEDOUT}). */
    public static void error(Object cache, String operation, String errorType) {
        sink.error(cache, operation, errorType);
    }

    /** What {@link #enterFacade()} returns for a call made inside another facade call. */
    public static final long INNER_CALL = Long.MIN_VALUE;

    /**
     * A cache API layered over another instrumented one (JCache over Ehcache) counts a call once:
     * the outer layer enters, and the inner layer's advice sees {@link #insideFacade()} and stays out.
     *
     * @return the call's start, as {@link Timing#start()}, or {@link #INNER_CALL} when this call is
     *     itself inside a facade call and must not be counted
     */
    public static long enterFacade() {
        return enterFacade(false);
    }

    /**
     * As {@link #enterFacade()}, timing every call: for a cache whose calls take microseconds (a
     * data grid's map, on a member or a client), where the clock costs a few percent of the call.
     */
    public static long enterTimedFacade() {
        return enterFacade(true);
    }

    private static long enterFacade(boolean everyCall) {
        if (!facadesUsed) {
            facadesUsed = true;
        }
        ThreadState state = STATE.get();
        return state.facadeDepth++ != 0 ? INNER_CALL : everyCall ? Timing.start() : Timing.startCache();
    }

    public static void exitFacade() {
        STATE.get().facadeDepth--;
    }

    public static boolean insideFacade() {
        return facadesUsed && STATE.get().facadeDepth > 0;
    }

    /**
     * The start of a call to a cache that may sit under a facade (Caffeine under Spring's cache, a
     * Redis command under Spring's {@code RedisCache}), or {@link #INNER_CALL} when it is made inside
     * a facade call, which counts it: then the clock is not read.
     */
    public static long startOutsideFacade() {
        return insideFacade() ? INNER_CALL : Timing.startCache();
    }

    /** As {@link #startOutsideFacade()}, for a command to a cache server (Redis): timed as a round trip, every call. */
    public static long startRemoteOutsideFacade() {
        return insideFacade() ? INNER_CALL : Timing.start();
    }

    /**
     * For libraries that decide inside a method whether an eviction really happened and say so only
     * to their statistics counter (Caffeine 2.x): the method sets the cache it is evicting from, and
     * the counter's {@code recordEviction} reports it through {@link #evictionRecorded(Object)}, once.
     */
    public static void evicting(Object cache) {
        STATE.get().evicting = cache;
    }

    public static void evictionRecorded(Object cause) {
        ThreadState state = STATE.get();
        Object cache = state.evicting;
        if (cache != null) {
            state.evicting = null;
            removal(cache, cause);
        }
    }

    /** Marks that the current thread's lookup missed (loaded, or waited for another thread's load). */
    public static void markMiss() {
        STATE.get().missMarks++;
    }

    /** A number that changes when {@link #markMiss()} is called on this thread. */
    public static long missMarks() {
        return STATE.get().missMarks;
    }

    /**
     * Wraps a lookup's mapping function, or a facade's value loader, so that the lookup can tell a
     * miss (it ran) from a hit, and time the load. The wrapper is reused per thread: no allocation
     * per lookup.
     */
    public static LoadTracker trackLoads(Object cache, Object loader, boolean recordLoad) {
        ThreadState state = STATE.get();
        LoadTracker tracker = state.spare;
        if (tracker == null || tracker.inUse()) {
            tracker = new LoadTracker();
            if (state.spare == null) {
                state.spare = tracker;
            }
        }
        tracker.start(cache, loader, recordLoad);
        return tracker;
    }
}
