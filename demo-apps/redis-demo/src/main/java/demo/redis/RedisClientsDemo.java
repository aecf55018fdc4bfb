package demo.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLongArray;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * An app that uses Redis as its cache through Jedis (a {@code JedisPool}, database 0) and Lettuce
 * (one shared connection, database 1) directly, from several threads: reads ({@code GET},
 * {@code MGET}, {@code HGET}), writes ({@code SET}, {@code MSET}, {@code HSET}), deletes
 * ({@code DEL}) and counters ({@code INCR}). It prints its own counts per client and the server's
 * {@code INFO stats}.
 *
 * <p>{@code -Ddemo.redis.port=N} uses the Redis server on that port (else it starts its own),
 * {@code -Ddemo.threads} (per client), {@code -Ddemo.operations} (per thread), {@code -Ddemo.exit=true}.
 */
public final class RedisClientsDemo {

    // per client: gets, hits, misses, puts, deletes, removed, other commands
    private static final int GETS = 0, HITS = 1, MISSES = 2, PUTS = 3, DELETES = 4, REMOVED = 5, OTHER = 6;

    public static void main(String[] args) throws Exception {
        RedisServerProcess redis = RedisServerProcess.startOrUse();
        int threads = Integer.getInteger("demo.threads", 2);
        int operations = Integer.getInteger("demo.operations", 5_000);
        JedisPool jedis = new JedisPool("127.0.0.1", redis.port);
        try (Jedis admin = jedis.getResource()) {
            admin.configResetStat();
        }
        RedisClient lettuceClient = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(redis.port)
                .withDatabase(1).build());
        StatefulRedisConnection<String, String> lettuce = lettuceClient.connect();

        AtomicLongArray jedisCounts = new AtomicLongArray(7);
        AtomicLongArray lettuceCounts = new AtomicLongArray(7);
        Thread[] workers = new Thread[threads * 2];
        for (int t = 0; t < threads; t++) {
            long seed = 7 + t;
            workers[2 * t] = new Thread(() -> work(new JedisCalls(jedis), operations, seed, jedisCounts), "jedis-" + t);
            workers[2 * t + 1] = new Thread(() -> work(new LettuceCalls(lettuce.sync()), operations, seed, lettuceCounts),
                    "lettuce-" + t);
        }
        for (Thread worker : workers) {
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }

        String info;
        try (Jedis admin = jedis.getResource()) {
            info = admin.info("stats");
        }
        System.out.println("redis-demo counts:" + counts("jedis", jedisCounts) + counts("lettuce", lettuceCounts)
                + " server.keyspace_hits=" + stat(info, "keyspace_hits") + " server.keyspace_misses=" + stat(info, "keyspace_misses"));
        if (Boolean.getBoolean("demo.exit")) {
            lettuce.close();
            lettuceClient.shutdown();
            jedis.close();
            redis.close();
            return;
        }
        Thread.currentThread().join();
    }

    private static String counts(String client, AtomicLongArray c) {
        return String.format(" %1$s.gets=%2$d %1$s.hits=%3$d %1$s.misses=%4$d %1$s.puts=%5$d %1$s.deletes=%6$d"
                + " %1$s.removed=%7$d %1$s.other=%8$d", client, c.get(GETS), c.get(HITS), c.get(MISSES), c.get(PUTS),
                c.get(DELETES), c.get(REMOVED), c.get(OTHER));
    }

    private static String stat(String info, String key) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).trim();
            }
        }
        return "?";
    }

    /** What the workload needs of a client; one implementation per library. */
    interface Calls {
        String get(String key);

        List<String> mget(String... keys);

        String hget(String key, String field);

        void set(String key, String value);

        void mset(String... keysAndValues);

        void hset(String key, String field, String value);

        long del(String... keys);

        long incr(String key);
    }

    /**
     * Reads mostly, over more keys than are written, so that some miss. {@code HGET} asks only for
     * a field every hash has, so that a hit or miss is the key's, as Redis counts it.
     */
    static void work(Calls redis, int operations, long seed, AtomicLongArray counts) {
        Random random = new Random(seed);
        for (int i = 0; i < operations; i++) {
            int pick = random.nextInt(100);
            int k = random.nextInt(500);
            String key = "item:" + k;
            String other = "item:" + (k + 1 + random.nextInt(499)) % 500; // another key, never the same
            if (pick < 40) {
                count(counts, redis.get(key) != null);
            } else if (pick < 48) {
                for (String value : redis.mget(key, "item:" + random.nextInt(500), "item:" + random.nextInt(500))) {
                    count(counts, value != null);
                }
            } else if (pick < 58) {
                count(counts, redis.hget("user:" + random.nextInt(300), "name") != null);
            } else if (pick < 75) {
                redis.set(key, "v" + i);
                counts.incrementAndGet(PUTS);
            } else if (pick < 80) {
                redis.mset(key, "m" + i, other, "m" + i);
                counts.addAndGet(PUTS, 2);
            } else if (pick < 88) {
                redis.hset("user:" + random.nextInt(300), "name", "n" + i);
                counts.incrementAndGet(PUTS);
            } else if (pick < 95) {
                counts.addAndGet(REMOVED, redis.del(key, other));
                counts.addAndGet(DELETES, 2);
            } else {
                redis.incr("counter:" + random.nextInt(10));
                counts.incrementAndGet(OTHER);
            }
        }
    }

    private static void count(AtomicLongArray counts, boolean hit) {
        counts.incrementAndGet(GETS);
        counts.incrementAndGet(hit ? HITS : MISSES);
    }

    /** Borrows a connection from the pool for each call, as most Jedis code does. */
    private static final class JedisCalls implements Calls {
        private final JedisPool pool;

        JedisCalls(JedisPool pool) {
            this.pool = pool;
        }

        public String get(String key) {
            try (Jedis jedis = pool.getResource()) {
                return jedis.get(key);
            }
        }

        public List<String> mget(String... keys) {
            try (Jedis jedis = pool.getResource()) {
                return jedis.mget(keys);
            }
        }

        public String hget(String key, String field) {
            try (Jedis jedis = pool.getResource()) {
                return jedis.hget(key, field);
            }
        }

        public void set(String key, String value) {
            try (Jedis jedis = pool.getResource()) {
                jedis.set(key, value);
            }
        }

        public void mset(String... keysAndValues) {
            try (Jedis jedis = pool.getResource()) {
                jedis.mset(keysAndValues);
            }
        }

        public void hset(String key, String field, String value) {
            try (Jedis jedis = pool.getResource()) {
                jedis.hset(key, field, value);
            }
        }

        public long del(String... keys) {
            try (Jedis jedis = pool.getResource()) {
                return jedis.del(keys);
            }
        }

        public long incr(String key) {
            try (Jedis jedis = pool.getResource()) {
                return jedis.incr(key);
            }
        }
    }

    private static final class LettuceCalls implements Calls {
        private final RedisCommands<String, String> redis;

        LettuceCalls(RedisCommands<String, String> redis) {
            this.redis = redis;
        }

        public String get(String key) {
            return redis.get(key);
        }

        public List<String> mget(String... keys) {
            return redis.mget(keys).stream().map(kv -> kv.hasValue() ? kv.getValue() : null).toList();
        }

        public String hget(String key, String field) {
            return redis.hget(key, field);
        }

        public void set(String key, String value) {
            redis.set(key, value);
        }

        public void mset(String... keysAndValues) {
            java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                map.put(keysAndValues[i], keysAndValues[i + 1]);
            }
            redis.mset(map);
        }

        public void hset(String key, String field, String value) {
            redis.hset(key, field, value);
        }

        public long del(String... keys) {
            return redis.del(keys);
        }

        public long incr(String key) {
            return redis.incr(key);
        }
    }
}
