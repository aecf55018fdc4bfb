package io.bytemeter.bootstrap;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * An asynchronous call the app made on a remote cache's client (Redisson's {@code getAsync},
 * {@code putAsync}, ...), counted when its reply arrives, with no allocation and no callback: the
 * call is noted on the app's thread ({@link #enter}) in a record from that thread's pool, the first
 * request object the client makes on that thread takes the record into the one field it gains
 * ({@link #takenBy}) and records the call where that request completes ({@link #answered},
 * {@link #refused}). A request that is retried as another (a script the server did not know,
 * loaded and then run again) hands the call on the same way. What a call returned decides what it
 * counts, by the method's name.
 *
 * <p>One field and not the call's four values, because Redisson's request object has a 4-byte
 * alignment gap that a reference fills for free, where four fields made every request, sync ones
 * too, 24 B bigger. A record may be held in two places at once (a {@code SCRIPT LOAD} keeps it
 * while the script's second run may take it too), so it counts its holders and goes back to its
 * pool when the last lets go.
 */
public final class AsyncCacheCall {

    private static final ThreadLocal<OnThread> THREADS = ThreadLocal.withInitial(OnThread::new);
    private static final AtomicIntegerFieldUpdater<AsyncCacheCall> HOLDERS =
            AtomicIntegerFieldUpdater.newUpdater(AsyncCacheCall.class, "holders");

    /** The cache's name, as the sync methods record it. */
    private Object cache;
    private String method;
    /** The keys or entries a bulk call names, else 1. */
    private int keys;
    private long start;
    /** Requests and threads that hold the record; 0 when it is free for its pool's thread to reuse. */
    private volatile int holders;

    private AsyncCacheCall() {}

    /**
     * The app's asynchronous method starts: outside another facade call, a call of {@code keys}
     * keys waits on this thread for its request (none for no keys). Returns its start, or
     * {@link CacheRecorder#INNER_CALL}.
     */
    public static long enter(Object cache, String method, int keys) {
        long start = CacheRecorder.enterTimedFacade();
        if (start != CacheRecorder.INNER_CALL && keys > 0) {
            OnThread thread = THREADS.get();
            AsyncCacheCall call = thread.free();
            call.cache = cache;
            call.method = method;
            call.keys = keys;
            call.start = start;
            thread.keepWaiting(call);
        }
        return start;
    }

    /**
     * A request named {@code command} is made: it takes the call waiting on this thread, if any, and
     * returns it for the request's field, else null. A {@code SCRIPT LOAD} takes it and leaves it
     * waiting too, since the script's second run is made either where the load's reply is seen (the
     * load hands the call on there, {@link #answered}) or, when that reply came before the client
     * listened for it, here, on this thread.
     */
    public static AsyncCacheCall takenBy(String command) {
        OnThread thread = THREADS.get();
        AsyncCacheCall call = thread.waiting;
        if (call != null) {
            if ("SCRIPT".equals(command)) {
                HOLDERS.incrementAndGet(call);
            } else {
                thread.waiting = null;
            }
        }
        return call;
    }

    /**
     * The reply to request {@code command} that carried this call: recorded, unless the request was
     * the {@code SCRIPT LOAD} before a script runs again, which hands the call on to that run.
     * Returns whether it handed the call on (then see {@link #handled}).
     */
    public boolean answered(String command, Object result) {
        if ("SCRIPT".equals(command)) {
            THREADS.get().keepWaiting(this);
            return true;
        }
        completed(result);
        release();
        return false;
    }

    /**
     * Request {@code command} that carried this call failed: the call failed, unless the server did
     * not know the script ({@code NOSCRIPT}) or the read-only {@code EVALSHA_RO}, which the client
     * answers by running it again: then the call goes on to that request. Returns whether it did.
     */
    public boolean refused(String command, Throwable cause) {
        String message = cause.getMessage();
        if (command.startsWith("EVALSHA") && message != null && (message.startsWith("NOSCRIPT") || message.startsWith("ERR unknown command"))) {
            THREADS.get().keepWaiting(this);
            return true;
        }
        CacheRecorder.error(cache, method, cause);
        release();
        return false;
    }

    /**
     * The app's method returned {@code future} (or threw {@code error}), leaving the facade it
     * entered at {@code start}: a call no request took over is recorded now if it already ended (an
     * answer from a local cache), else not at all.
     */
    public static void returned(long start, CompletableFuture<?> future, Throwable error) {
        CacheRecorder.exitFacade();
        if (start == CacheRecorder.INNER_CALL) {
            return;
        }
        OnThread thread = THREADS.get();
        AsyncCacheCall call = thread.waiting;
        if (call == null) {
            return;
        }
        thread.waiting = null;
        if (error != null) {
            CacheRecorder.error(call.cache, call.method, error);
        } else if (future != null && future.isDone()) {
            try {
                call.completed(future.getNow(null));
            } catch (CompletionException e) {
                CacheRecorder.error(call.cache, call.method, e.getCause());
            } catch (RuntimeException e) {
                CacheRecorder.error(call.cache, call.method, e);
            }
        }
        call.release();
    }

    /**
     * A request's handler that handed the call on ({@code handedOn}) returns: on the client's own
     * thread a call no request took is dropped; inside the app's call (a reply seen before the
     * client listened for it) the app's method ends it as it returns ({@link #returned}).
     */
    public static void handled(boolean handedOn) {
        if (handedOn && !CacheRecorder.insideFacade()) {
            THREADS.get().drop();
        }
    }

    /** The call's reply: what it counts depends on the method and what it returned. */
    private void completed(Object result) {
        switch (method) {
            case "getAsync":
                CacheRecorder.get(cache, result != null, start);
                break;
            case "getAllAsync":
                int found = result instanceof Map ? ((Map<?, ?>) result).size() : 0;
                CacheRecorder.gets(cache, found, keys - found, start);
                break;
            case "putIfAbsentAsync":
                if (result == null) {
                    CacheRecorder.put(cache, 1, start);
                }
                break;
            case "fastPutIfAbsentAsync":
                if (Boolean.TRUE.equals(result)) {
                    CacheRecorder.put(cache, 1, start);
                }
                break;
            case "removeAsync":
                CacheRecorder.delete(cache, 1, result != null ? 1 : 0, start);
                break;
            case "fastRemoveAsync":
                CacheRecorder.delete(cache, keys, result instanceof Number ? ((Number) result).intValue() : 0, start);
                break;
            case "deleteAsync":
                CacheRecorder.delete(cache, 1, Boolean.TRUE.equals(result) ? 1 : 0, start);
                break;
            default:
                // putAsync, fastPutAsync, setAsync
                CacheRecorder.put(cache, keys, start);
        }
    }

    /** One holder lets go; the last frees the record for its pool. */
    private void release() {
        HOLDERS.decrementAndGet(this);
    }

    /**
     * A thread's call waiting for its request, and, on a thread that makes calls, its pool of
     * records: as many as it has calls in flight, up to {@link #POOLED}. Beyond that a new record
     * takes the place of one still held, which the collector takes once let go: so a request that
     * never ends (a call the app cancels after it was sent) costs its record once, not its pool slot.
     */
    private static final class OnThread {

        private static final int POOLED = 1024;
        /** Records looked at for a free one before the pool grows. */
        private static final int PROBES = 8;

        AsyncCacheCall waiting;
        private AsyncCacheCall[] pool = new AsyncCacheCall[0];
        private int next;

        /** Makes {@code call} (held once) wait here; a call that was waiting and no request took is dropped. */
        void keepWaiting(AsyncCacheCall call) {
            drop();
            waiting = call;
        }

        /** The call waiting here, if any, is let go: no request took it. */
        void drop() {
            if (waiting != null) {
                waiting.release();
                waiting = null;
            }
        }

        /** A record no one holds, held once. */
        AsyncCacheCall free() {
            for (int i = 0; i < PROBES && i < pool.length; i++) {
                AsyncCacheCall call = pool[next];
                next = (next + 1) & (pool.length - 1);
                if (call.holders == 0) {
                    call.holders = 1;
                    return call;
                }
            }
            if (pool.length == POOLED) {
                AsyncCacheCall call = new AsyncCacheCall();
                call.holders = 1;
                pool[next] = call;
                return call;
            }
            int grown = Math.max(PROBES, pool.length * 2);
            AsyncCacheCall[] larger = Arrays.copyOf(pool, grown);
            for (int i = pool.length; i < grown; i++) {
                larger[i] = new AsyncCacheCall();
            }
            next = pool.length;
            pool = larger;
            return free();
        }
    }
}
