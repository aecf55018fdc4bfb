package io.bytemeter.bootstrap;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An asynchronous call the app made on a remote cache's client (Redisson's {@code getAsync},
 * {@code putAsync}, ...), counted when its reply arrives, with no allocation and no callback: the
 * call is noted on the app's thread ({@link #begin}), the first request object the client makes on
 * that thread takes it over ({@link #pending}, {@link #takenBy}) and records it where that request
 * completes ({@link #answered}, {@link #refused}). A request that is retried as another (a script
 * the server did not know, loaded and then run again) hands the call on the same way. What a call
 * returned decides what it counts, by the method's name.
 */
public final class AsyncCacheCall {

    private static final ThreadLocal<AsyncCacheCall> CURRENT = ThreadLocal.withInitial(AsyncCacheCall::new);

    /** The cache's name, as the sync methods record it; null while no call waits for its request. */
    public Object cache;
    public String method;
    /** The keys or entries a bulk call names, else 1. */
    public int keys;
    public long start;

    private AsyncCacheCall() {}

    /**
     * The app's asynchronous method starts: outside another facade call, a call of {@code keys}
     * keys is begun (none for no keys). Returns its start, or {@link CacheRecorder#INNER_CALL}.
     */
    public static long enter(Object cache, String method, int keys) {
        long start = CacheRecorder.enterTimedFacade();
        if (start != CacheRecorder.INNER_CALL && keys > 0) {
            begin(cache, method, keys, start);
        }
        return start;
    }

    /**
     * An asynchronous call made on this thread, or handed on by a request that ended without
     * answering for it (a script the server did not know): the next request made on it carries it.
     */
    private static void begin(Object cache, String method, int keys, long start) {
        AsyncCacheCall call = CURRENT.get();
        call.cache = cache;
        call.method = method;
        call.keys = keys;
        call.start = start;
    }

    /** The call begun or handed over on this thread and not yet taken by a request, or null. */
    public static AsyncCacheCall pending() {
        AsyncCacheCall call = CURRENT.get();
        return call.cache != null ? call : null;
    }

    /** A request took the call over. */
    public void claimed() {
        cache = null;
        method = null;
    }

    /**
     * A request made for the call, {@code command} by name, takes it over; a {@code SCRIPT LOAD}
     * takes a copy and leaves the call waiting on this thread, since the script's second run is made
     * either where the load's reply is seen (the load hands the call on there, {@link #answered}) or,
     * when that reply came before the client listened for it, here, on this thread.
     */
    public void takenBy(String command) {
        if (!"SCRIPT".equals(command)) {
            claimed();
        }
    }

    /**
     * The reply to request {@code command} that carried the call: recorded, unless the request was
     * the {@code SCRIPT LOAD} before a script runs again, which hands the call on to that run.
     * Returns whether it handed the call on (then see {@link #handled}).
     */
    public static boolean answered(Object cache, String method, int keys, long start, String command, Object result) {
        if ("SCRIPT".equals(command)) {
            begin(cache, method, keys, start);
            return true;
        }
        completed(cache, method, keys, start, result);
        return false;
    }

    /**
     * Request {@code command} that carried the call failed: the call failed, unless the server did
     * not know the script ({@code NOSCRIPT}) or the read-only {@code EVALSHA_RO}, which the client
     * answers by running it again: then the call goes on to that request. Returns whether it did.
     */
    public static boolean refused(Object cache, String method, int keys, long start, String command, Throwable cause) {
        String message = cause.getMessage();
        if (command.startsWith("EVALSHA") && message != null && (message.startsWith("NOSCRIPT") || message.startsWith("ERR unknown command"))) {
            begin(cache, method, keys, start);
            return true;
        }
        CacheRecorder.error(cache, method, cause);
        return false;
    }

    /**
     * The app's method returned {@code future} (or threw {@code error}), leaving the facade it
     * entered at {@code start}: a call no request took over is recorded now if it already ended (an
     * answer from a local cache), else not at all.
     */
    public static void returned(long start, CompletableFuture<?> future, Throwable error) {
        CacheRecorder.exitFacade();
        AsyncCacheCall call = start == CacheRecorder.INNER_CALL ? null : pending();
        if (call == null) {
            return;
        }
        Object cache = call.cache;
        String method = call.method;
        call.claimed();
        if (error != null) {
            CacheRecorder.error(cache, method, error);
        } else if (future != null && future.isDone()) {
            try {
                completed(cache, method, call.keys, call.start, future.getNow(null));
            } catch (CompletionException e) {
                CacheRecorder.error(cache, method, e.getCause());
            } catch (RuntimeException e) {
                CacheRecorder.error(cache, method, e);
            }
        }
    }

    /**
     * A request's handler that handed the call on ({@code handedOn}) returns: on the client's own
     * thread a call no request took is dropped; inside the app's call (a reply seen before the
     * client listened for it) the app's method ends it as it returns ({@link #returned}).
     */
    public static void handled(boolean handedOn) {
        if (handedOn && !CacheRecorder.insideFacade()) {
            AsyncCacheCall call = pending();
            if (call != null) {
                call.claimed();
            }
        }
    }

    /** The call's reply: what it counts depends on the method and what it returned. */
    private static void completed(Object cache, String method, int keys, long start, Object result) {
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
}
