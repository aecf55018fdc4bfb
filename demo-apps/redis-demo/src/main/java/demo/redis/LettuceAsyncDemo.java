package demo.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BiConsumer;

/**
 * An app that uses Redis through Lettuce's asynchronous and reactive commands, from several threads
 * on one shared connection (database 2), never waiting for a command itself: gets (a hit when the
 * reply has a value), reactive {@code MGET}s of 3 keys (each key a get), sets, deletes,
 * {@code INCR}s, and {@code INCR}s of a key that holds text,
 * which the server refuses. Each reply is counted in a callback. On a connection of their own it
 * cancels blocking {@code BLPOP}s the server holds. It prints its own counts once every command has
 * completed.
 *
 * <p>{@code -Ddemo.redis.port=N} uses the Redis server on that port (else it starts its own),
 * {@code -Ddemo.threads} (4), {@code -Ddemo.operations} (per thread, 25,000), {@code -Ddemo.exit=true}.
 */
public final class LettuceAsyncDemo {

    private static final int GETS = 0, HITS = 1, MISSES = 2, PUTS = 3, DELETES = 4, INCRS = 5, FAILED = 6, CANCELLED = 7,
            REACTIVE = 8, DONE = 9;
    private static final String[] NAMES = {"gets", "hits", "misses", "puts", "deletes", "incrs", "failed", "cancelled",
            "reactive", "done"};
    private static final int IN_FLIGHT = 500;

    public static void main(String[] args) throws Exception {
        RedisServerProcess redis = RedisServerProcess.startOrUse();
        int threads = Integer.getInteger("demo.threads", 4);
        int operations = Integer.getInteger("demo.operations", 25_000);
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(redis.port).withDatabase(2).build());
        StatefulRedisConnection<String, String> connection = client.connect();
        connection.sync().set("text", "not a number");
        AtomicLongArray counts = new AtomicLongArray(NAMES.length);

        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            long seed = 11 + t;
            workers[t] = new Thread(() -> work(connection.async(), connection.reactive(), operations, seed, counts), "lettuce-async-" + t);
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }

        StatefulRedisConnection<String, String> blocking = client.connect();
        for (int i = 0; i < 10; i++) {
            RedisFuture<?> pop = blocking.async().blpop(0.5, "nothing-here");
            Thread.sleep(50); // written and held by the server, which answers after half a second
            if (pop.cancel(true)) {
                counts.incrementAndGet(CANCELLED);
            }
        }
        // replies come in order on a connection: once these have, every command before them has completed
        connection.sync().ping();
        blocking.sync().ping();
        StringBuilder line = new StringBuilder("lettuce-async-demo counts:");
        for (int i = 0; i < NAMES.length; i++) {
            line.append(' ').append(NAMES[i]).append('=').append(counts.get(i));
        }
        System.out.println(line);
        if (Boolean.getBoolean("demo.exit")) {
            blocking.close();
            connection.close();
            client.shutdown();
            redis.close();
        } else {
            Thread.currentThread().join();
        }
    }

    private static void work(RedisAsyncCommands<String, String> async, RedisReactiveCommands<String, String> reactive, int operations,
            long seed, AtomicLongArray counts) {
        Random random = new Random(seed);
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        for (int i = 0; i < operations; i++) {
            String key = "item:" + random.nextInt(200);
            int pick = random.nextInt(100);
            inFlight.acquireUninterruptibly();
            BiConsumer<Object, Throwable> done = (value, error) -> {
                counts.incrementAndGet(DONE);
                inFlight.release();
            };
            if (pick < 30) {
                async.get(key).whenComplete((value, error) -> countGet(counts, value, error)).whenComplete(done);
            } else if (pick < 40) {
                counts.incrementAndGet(REACTIVE);
                reactive.get(key).defaultIfEmpty("").subscribe(value -> countGet(counts, value.isEmpty() ? null : value, null),
                        error -> done.accept(null, error), () -> done.accept(null, null));
            } else if (pick < 60) {
                async.set(key, "value-" + i).whenComplete((value, error) -> count(counts, PUTS, error)).whenComplete(done);
            } else if (pick < 70) {
                counts.incrementAndGet(REACTIVE);
                reactive.set(key, "value-" + i).subscribe(value -> count(counts, PUTS, null),
                        error -> done.accept(null, error), () -> done.accept(null, null));
            } else if (pick < 78) {
                async.del(key).whenComplete((value, error) -> count(counts, DELETES, error)).whenComplete(done);
            } else if (pick < 80) {
                counts.incrementAndGet(REACTIVE);
                reactive.mget(key, "item:" + random.nextInt(200), "absent:" + i)
                        .subscribe(value -> countGet(counts, value.hasValue() ? value : null, null),
                                error -> done.accept(null, error), () -> done.accept(null, null));
            } else if (pick < 98) {
                async.incr("counter:" + random.nextInt(10)).whenComplete((value, error) -> count(counts, INCRS, error))
                        .whenComplete(done);
            } else {
                async.incr("text").whenComplete((value, error) -> counts.incrementAndGet(error != null ? FAILED : INCRS))
                        .whenComplete(done);
            }
        }
        inFlight.acquireUninterruptibly(IN_FLIGHT);
    }

    private static void countGet(AtomicLongArray counts, Object value, Throwable error) {
        if (error == null) {
            counts.incrementAndGet(GETS);
            counts.incrementAndGet(value != null ? HITS : MISSES);
        }
    }

    private static void count(AtomicLongArray counts, int what, Throwable error) {
        counts.incrementAndGet(error != null ? FAILED : what);
    }
}
