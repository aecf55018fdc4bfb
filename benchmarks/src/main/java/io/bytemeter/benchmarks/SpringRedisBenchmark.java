package io.bytemeter.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.cache.Cache;
import org.springframework.cache.caffeine.CaffeineCache;
import redis.clients.jedis.Jedis;

/**
 * A Spring cache hit ({@code Cache.get(key)} on a {@code CaffeineCache}, what {@code @Cacheable}
 * calls on a hit) and a Jedis {@code GET} of a present key against a {@code redis-server} each fork
 * starts on a free loopback port (Debian's package; the benchmark fails without it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpringRedisBenchmark {

    private final Cache springCache = new CaffeineCache("users", Caffeine.newBuilder().maximumSize(1000).build());
    private Process redis;
    private Jedis jedis;

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
    }

    @TearDown
    public void stop() {
        jedis.close();
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
}
