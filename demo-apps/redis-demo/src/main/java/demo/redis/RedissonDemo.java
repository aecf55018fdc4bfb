package demo.redis;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RFuture;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RMap;
import org.redisson.api.RMapCache;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.LocalCachedMapOptions;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.spring.cache.RedissonSpringCacheManager;
import org.springframework.cache.Cache;

/**
 * An app that caches in Redis through Redisson, from several threads, taking its objects from the
 * client on every use as Redisson code does: a map of users ({@code RMap}: gets, {@code fastPut},
 * {@code fastRemove}), sessions with a time to live ({@code RMapCache}: {@code put} with a TTL,
 * gets, {@code remove}), products read through a local cache ({@code RLocalCachedMap}) and tokens
 * in buckets of their own ({@code RBucket} {@code token:<n>}: set, get, delete); and, as a Spring
 * app would, a {@code catalog} cache of Redisson's Spring cache manager (get, put, evict). First, 2
 * threads make the same kinds of call through the asynchronous API, none waited for one by one (up
 * to {@value #IN_FLIGHT} in flight each), on names of their own: a map {@code carts} (gets, bulk
 * gets, {@code fastPut}, {@code putIfAbsent}, {@code remove}, {@code fastRemove}), a map cache
 * {@code quotes}, buckets {@code offer:<n>}, and the local cache's products; each counted as its
 * future completes. It prints its own counts per name.
 *
 * <p>{@code -Ddemo.redis.port=N} uses the Redis server on that port (else it starts its own),
 * {@code -Ddemo.threads} (4), {@code -Ddemo.operations} (per thread, 2,000), {@code -Ddemo.exit=true}.
 */
public final class RedissonDemo {

    private static final int GETS = 0, HITS = 1, MISSES = 2, PUTS = 3, DELETES = 4, REMOVED = 5, ERRORS = 6;
    private static final String[] NAMES = {"gets", "hits", "misses", "puts", "deletes", "removed", "errors"};
    private static final Map<String, AtomicLongArray> COUNTS = new ConcurrentHashMap<>();
    private static final int IN_FLIGHT = 64;

    public static void main(String[] args) throws Exception {
        RedisServerProcess redis = RedisServerProcess.startOrUse();
        int threads = Integer.getInteger("demo.threads", 4);
        int operations = Integer.getInteger("demo.operations", 2_000);
        Config config = new Config().setCodec(StringCodec.INSTANCE);
        config.useSingleServer().setAddress("redis://127.0.0.1:" + redis.port);
        RedissonClient redisson = Redisson.create(config);
        RLocalCachedMap<String, String> products = redisson.getLocalCachedMap(LocalCachedMapOptions.name("products"));
        for (int i = 0; i < 50; i++) {
            products.fastPut("product:" + i, "p" + i);
            count("products", PUTS);
        }
        Thread[] asyncWorkers = new Thread[2];
        for (int t = 0; t < asyncWorkers.length; t++) {
            long seed = 71 + t;
            asyncWorkers[t] = new Thread(() -> asyncWork(redisson, products, operations, seed), "redisson-async-" + t);
            asyncWorkers[t].start();
        }
        for (Thread worker : asyncWorkers) {
            worker.join();
        }
        Cache catalog = new RedissonSpringCacheManager(redisson).getCache("catalog");
        Thread spring = new Thread(() -> springCache(catalog, operations), "redisson-spring");
        spring.start();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            long seed = 23 + t;
            workers[t] = new Thread(() -> work(redisson, products, operations, seed), "redisson-" + t);
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        spring.join();
        StringBuilder line = new StringBuilder("redisson-demo counts:");
        COUNTS.forEach((name, c) -> {
            for (int i = 0; i < NAMES.length; i++) {
                line.append(' ').append(name).append('.').append(NAMES[i]).append('=').append(c.get(i));
            }
        });
        System.out.println(line);
        if (Boolean.getBoolean("demo.exit")) {
            redisson.shutdown();
            redis.close();
            return;
        }
        Thread.currentThread().join();
    }

    private static void work(RedissonClient redisson, RLocalCachedMap<String, String> products, int operations, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < operations; i++) {
            int pick = random.nextInt(100);
            String key = "k" + random.nextInt(100);
            if (pick < 30) {
                RMap<String, String> users = redisson.getMap("users");
                get("users", users.get(key));
            } else if (pick < 38) {
                redisson.<String, String>getMap("users").fastPut(key, "u" + i);
                count("users", PUTS);
            } else if (pick < 39) {
                redisson.<String, String>getMap("users").putAll(Map.of(key, "u" + i, "k" + (100 + random.nextInt(100)), "u" + i));
                add("users", PUTS, 2);
            } else if (pick < 40) {
                Map<String, String> entries = new HashMap<>();
                for (int k = 0; k < 5; k++) {
                    entries.put("k" + (200 + random.nextInt(100)), "u" + i);
                }
                redisson.<String, String>getMap("users").putAll(entries, 2);
                add("users", PUTS, entries.size());
            } else if (pick < 45) {
                long removed = redisson.<String, String>getMap("users").fastRemove(key);
                count("users", DELETES);
                add("users", REMOVED, removed);
            } else if (pick < 55) {
                RMapCache<String, String> sessions = redisson.getMapCache("sessions");
                get("sessions", sessions.get(key));
            } else if (pick < 62) {
                redisson.<String, String>getMapCache("sessions").put(key, "s" + i, 10, TimeUnit.MINUTES);
                count("sessions", PUTS);
            } else if (pick < 65) {
                if (redisson.<String, String>getMapCache("sessions").remove(key) != null) {
                    count("sessions", REMOVED);
                }
                count("sessions", DELETES);
            } else if (pick < 85) {
                get("products", products.get("product:" + random.nextInt(75)));
            } else {
                RBucket<String> token = redisson.getBucket("token:" + random.nextInt(20));
                int step = random.nextInt(3);
                if (step == 0) {
                    token.set("t" + i);
                    count("token:*", PUTS);
                } else if (step == 1) {
                    get("token:*", token.get());
                } else {
                    if (token.delete()) {
                        count("token:*", REMOVED);
                    }
                    count("token:*", DELETES);
                }
            }
        }
    }

    /** Calls through the asynchronous API, counted as their futures complete; at most {@value #IN_FLIGHT} in flight. */
    private static void asyncWork(RedissonClient redisson, RLocalCachedMap<String, String> products, int operations, long seed) {
        Random random = new Random(seed);
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        for (int i = 0; i < operations; i++) {
            inFlight.acquireUninterruptibly();
            int pick = random.nextInt(100);
            String key = "k" + random.nextInt(100);
            if (pick < 25) {
                whenDone(redisson.<String, String>getMap("carts").getAsync(key), inFlight, value -> get("carts", value));
            } else if (pick < 35) {
                whenDone(redisson.<String, String>getMap("carts").fastPutAsync(key, "c" + i), inFlight, added -> count("carts", PUTS));
            } else if (pick < 40) {
                whenDone(redisson.<String, String>getMap("carts").putIfAbsentAsync(key, "c" + i), inFlight, previous -> {
                    if (previous == null) {
                        count("carts", PUTS);
                    }
                });
            } else if (pick < 45) {
                whenDone(redisson.<String, String>getMap("carts").removeAsync(key), inFlight, previous -> deleted("carts", previous != null));
            } else if (pick < 50) {
                Set<String> keys = Set.of("k" + random.nextInt(50), "k" + (50 + random.nextInt(50)));
                whenDone(redisson.<String, String>getMap("carts").getAllAsync(keys), inFlight, found -> {
                    add("carts", GETS, keys.size());
                    add("carts", HITS, found.size());
                    add("carts", MISSES, keys.size() - found.size());
                });
            } else if (pick < 53) {
                whenDone(redisson.<String, String>getMap("carts").fastRemoveAsync("k" + random.nextInt(50), "k" + (50 + random.nextInt(50))),
                        inFlight, removed -> {
                            add("carts", DELETES, 2);
                            add("carts", REMOVED, removed);
                        });
            } else if (pick < 63) {
                whenDone(redisson.<String, String>getMapCache("quotes").getAsync(key), inFlight, value -> get("quotes", value));
            } else if (pick < 73) {
                whenDone(redisson.<String, String>getMapCache("quotes").putAsync(key, "q" + i, 10, TimeUnit.MINUTES), inFlight,
                        previous -> count("quotes", PUTS));
            } else if (pick < 78) {
                whenDone(redisson.<String, String>getMapCache("quotes").removeAsync(key), inFlight, previous -> deleted("quotes", previous != null));
            } else if (pick < 90) {
                whenDone(products.getAsync("product:" + random.nextInt(75)), inFlight, value -> get("products", value));
            } else {
                RBucket<String> offer = redisson.getBucket("offer:" + random.nextInt(20));
                int step = random.nextInt(3);
                if (step == 0) {
                    whenDone(offer.setAsync("o" + i), inFlight, done -> count("offer:*", PUTS));
                } else if (step == 1) {
                    whenDone(offer.getAsync(), inFlight, value -> get("offer:*", value));
                } else {
                    whenDone(offer.deleteAsync(), inFlight, removed -> deleted("offer:*", removed));
                }
            }
        }
        inFlight.acquireUninterruptibly(IN_FLIGHT);
    }

    /** Counts what {@code future} completed with (a failure as an error), then lets another call go. */
    private static <T> void whenDone(RFuture<T> future, Semaphore inFlight, Consumer<T> onValue) {
        future.whenComplete((value, error) -> {
            try {
                if (error != null) {
                    System.out.println("redisson-demo async call failed: " + error);
                    count("async", ERRORS);
                } else {
                    onValue.accept(value);
                }
            } finally {
                inFlight.release();
            }
        });
    }

    /** Through Spring's {@code Cache}: what {@code @Cacheable}, {@code @CachePut} and {@code @CacheEvict} call. */
    private static void springCache(Cache catalog, int operations) {
        Random random = new Random(5);
        for (int i = 0; i < operations; i++) {
            String key = "c" + random.nextInt(50);
            int pick = random.nextInt(10);
            if (pick < 6) {
                Cache.ValueWrapper value = catalog.get(key);
                get("catalog", value == null ? null : String.valueOf(value.get()));
            } else if (pick < 9) {
                catalog.put(key, "v" + i);
                count("catalog", PUTS);
            } else {
                catalog.evict(key);
                count("catalog", DELETES);
            }
        }
    }

    private static void get(String name, String value) {
        count(name, GETS);
        count(name, value != null ? HITS : MISSES);
    }

    /** One delete, which removed something or not. */
    private static void deleted(String name, boolean removed) {
        count(name, DELETES);
        if (removed) {
            count(name, REMOVED);
        }
    }

    private static void count(String name, int what) {
        add(name, what, 1);
    }

    private static void add(String name, int what, long n) {
        COUNTS.computeIfAbsent(name, k -> new AtomicLongArray(NAMES.length)).addAndGet(what, n);
    }
}
