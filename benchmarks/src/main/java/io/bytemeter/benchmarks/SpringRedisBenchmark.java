package io.bytemeter.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.redisson.Redisson;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.springframework.cache.Cache;
import org.springframework.cache.caffeine.CaffeineCache;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;

/**
 * A Spring cache hit ({@code Cache.get(key)} on a {@code CaffeineCache}, what {@code @Cacheable}
 * calls on a hit), a Jedis {@code GET} of a present key, a Jedis {@code XADD} to a stream (a send to
 * a Redis stream used as a queue) and a Redisson {@code RMap.get} hit, sync and async, against a
 * {@code redis-server} each fork starts on a free loopback port (Debian's package; the benchmark
 * fails without it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpringRedisBenchmark {

    private final Map<String, String> order = Map.of("id", "4711", "amount", "12.50");
    private final Cache springCache = new CaffeineCache("users", Caffeine.newBuilder().maximumSize(1000).build());
    private Process redis;
    private Jedis jedis;
    private RedissonClient redisson;
    private RMap<String, String> users;

    @Setup
    public void start() throws IOException, InterruptedException {
        springCache.put("user-42", "value-42");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path dir = Files.createTempDirectory("bench-redis");
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        for (int tries = 0; ; tries++) {
            try {
                jedis = new Jedis("127.0.0.1", port);
                jedis.set("user-42", "value-42");
                break;
            } catch (RuntimeException notYet) {
                if (tries > 100) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
        try {
            Config config = new Config().setCodec(StringCodec.INSTANCE);
            config.useSingleServer().setAddress("redis://127.0.0.1:" + port).setConnectionMinimumIdleSize(1).setConnectionPoolSize(2);
            redisson = Redisson.create(config);
            users = redisson.getMap("users");
            users.fastPut("user-42", "value-42");
        } catch (RuntimeException | LinkageError e) {
            redis.destroy(); // JMH runs no tear-down after a failed set-up: the server would outlive the fork
            throw e;
        }
    }

    @TearDown
    public void stop() {
        jedis.close();
        redisson.shutdown();
        redis.destroy();
    }

    @Benchmark
    public Object springCacheHit() {
        return springCache.get("user-42");
    }

    @Benchmark
    public String jedisGet() {
        return jedis.get("user-42");
    }

    /** A Redis stream used as a queue: one entry appended, the stream kept near 1,000 entries. */
    @Benchmark
    public StreamEntryID jedisXadd() {
        return jedis.xadd("orders", XAddParams.xAddParams().maxLen(1_000).approximateTrimming(), order);
    }

    @Benchmark
    public String redissonMapGet() {
        return users.get("user-42");
    }

    /** The same hit through {@code getAsync}, the app waiting for it: counted where its reply arrives. */
    @Benchmark
    public String redissonMapGetAsync() {
        return users.getAsync("user-42").toCompletableFuture().join();
    }
}
