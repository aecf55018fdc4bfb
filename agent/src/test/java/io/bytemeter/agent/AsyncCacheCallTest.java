package io.bytemeter.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.bootstrap.AsyncCacheCall;
import io.bytemeter.bootstrap.CacheRecorder;
import io.bytemeter.bootstrap.CacheSink;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The records Redisson's asynchronous calls travel in: reused once their reply is recorded (no
 * allocation per call), never while a request still holds one, and each call recorded once.
 */
class AsyncCacheCallTest {

    private final List<String> recorded = new ArrayList<>();

    @BeforeEach
    void recordingSink() {
        CacheRecorder.install((CacheSink) Proxy.newProxyInstance(CacheSink.class.getClassLoader(), new Class<?>[] {CacheSink.class},
                (proxy, method, args) -> {
                    recorded.add(method.getName() + Arrays.toString(Arrays.copyOf(args, args.length - 1)));
                    return null;
                }));
    }

    @AfterEach
    void noSink() {
        CacheRecorder.install(CacheSink.NO_OP);
    }

    @Test
    void recordsAnsweredAreReusedByTheThreadsNextCalls() {
        Set<AsyncCacheCall> records = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < 1000; i++) {
            AsyncCacheCall call = call("getAsync", "GET");
            records.add(call);
            assertFalse(call.answered("GET", i % 2 == 0 ? "value" : null));
        }
        assertEquals(8, records.size(), "1000 calls, one at a time, in the pool's first 8 records");
        AsyncCacheCall failed = call("getAsync", "GET");
        assertFalse(failed.refused("GET", new IllegalStateException("gone")));
        assertEquals(500, recorded.stream().filter("get[users, null, 1, 0]"::equals).count());
        assertEquals(500, recorded.stream().filter("get[users, null, 0, 1]"::equals).count());
        assertEquals("error[users, getAsync]", recorded.get(1000));
        assertEquals(1001, recorded.size());
    }

    @Test
    void aRecordALoadedScriptStillHoldsIsNotReused() {
        // the map's script is unknown: its request fails, the SCRIPT LOAD takes the call, the script's second run too
        long start = AsyncCacheCall.enter("users", "getAsync", 1);
        AsyncCacheCall script = AsyncCacheCall.takenBy("EVALSHA");
        assertTrue(script.refused("EVALSHA", new IllegalStateException("NOSCRIPT No matching script")));
        assertSame(script, AsyncCacheCall.takenBy("SCRIPT"));
        assertSame(script, AsyncCacheCall.takenBy("EVALSHA"), "the second run, made on this thread");
        AsyncCacheCall.returned(start, null, null);
        assertNull(AsyncCacheCall.takenBy("GET"), "nothing waits once the app's method returned");

        AsyncCacheCall other = call("putAsync", "EVAL");
        assertNotSame(script, other, "a record the load and the second run hold is not handed out again");
        assertFalse(other.answered("EVAL", null));

        // the load's reply hands the call on where it is seen; no request takes it there, so it is dropped
        assertTrue(script.answered("SCRIPT", "sha"));
        AsyncCacheCall.handled(true);
        assertNull(AsyncCacheCall.takenBy("GET"));
        assertFalse(script.answered("EVALSHA", "value"));
        assertEquals(List.of("put[users, null, 1]", "get[users, null, 1, 0]"), recorded, "each call recorded once");

        AsyncCacheCall reused = call("getAsync", "GET");
        for (int i = 0; i < 16 && reused != script; i++) {
            assertFalse(reused.answered("GET", null));
            reused = call("getAsync", "GET");
        }
        assertSame(script, reused, "once the last holder let go, the record is the pool's again");
    }

    /** An app's call of one key on {@code users}, returned with its request {@code command} made and not yet answered. */
    private static AsyncCacheCall call(String method, String command) {
        long start = AsyncCacheCall.enter("users", method, 1);
        AsyncCacheCall call = AsyncCacheCall.takenBy(command);
        AsyncCacheCall.returned(start, null, null);
        return call;
    }
}
