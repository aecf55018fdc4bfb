package demo.redis;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
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
 * app would, a {@code catalog} cache of Redisson's Spring cache manager (get, put, evict). It prints
 * its own counts per name.
 *
 * <p>{@code -Ddemo.redis.port=N} uses the Redis server on that port (else it starts its own),
 * {@code -Ddemo.threads} (4), {@code -Ddemo.operations} (per thread, 2,000), {@code -Ddemo.exit=true}.
 */
public final class RedissonDemo {

    private static final int GETS = 0, HITS = 1, MISSES = 2, PUTS = 3, DELETES = 4, REMOVED = 5;
    private static final String[] NAMES = {"gets", "hits", "misses", "puts", "deletes", "removed"};
    private static final Map<String, AtomicLongArray> COUNTS = new ConcurrentHashMap<>();

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
            } else if (pick < 40) {
                redisson.<String, String>getMap("users").fastPut(key, "u" + i);
                count("users", PUTS);
            } else if (pick < 45) {
                long removed = redisson.<String, String>getMap("users").fastRemove(key);
                count("users", DELETES);
                COUNTS.get("users").addAndGet(REMOVED, removed);
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

    private static void count(String name, int what) {
        COUNTS.computeIfAbsent(name, n -> new AtomicLongArray(NAMES.length)).incrementAndGet(what);
    }
}
