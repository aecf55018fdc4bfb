package demo.redis;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.CacheConfig;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCache;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Service;

/**
 * A Spring Boot service (no web server) whose {@code @Cacheable} methods sit on Caffeine
 * ({@code users}, {@code products}) and on Redis ({@code orders}), driven from several threads.
 * It prints its own counts, Caffeine's statistics and the Redis server's {@code INFO stats}, so
 * that what the agent shows can be checked against each.
 *
 * <p>{@code -Ddemo.redis.port=N} uses the Redis server on that port (else it starts its own),
 * {@code -Ddemo.threads}, {@code -Ddemo.operations} (per thread), {@code -Ddemo.exit=true} to exit when done.
 */
@SpringBootApplication
@EnableCaching
public class SpringCacheDemo {

    // the app's own counts, static: the services are proxies, whose fields are not the beans'
    static final AtomicLong userCalls = new AtomicLong();
    static final AtomicLong userLoads = new AtomicLong();
    static final AtomicLong userPuts = new AtomicLong();
    static final AtomicLong userEvicts = new AtomicLong();
    static final AtomicLong productCalls = new AtomicLong();
    static final AtomicLong productLoads = new AtomicLong();
    static final AtomicLong orderCalls = new AtomicLong();
    static final AtomicLong orderLoads = new AtomicLong();
    static final AtomicLong orderEvicts = new AtomicLong();

    public static void main(String[] args) throws Exception {
        RedisServerProcess redis = RedisServerProcess.startOrUse();
        SpringApplication app = new SpringApplication(SpringCacheDemo.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        Properties defaults = new Properties();
        defaults.setProperty("spring.data.redis.host", "127.0.0.1");
        defaults.setProperty("spring.data.redis.port", Integer.toString(redis.port));
        defaults.setProperty("spring.main.banner-mode", "off");
        app.setDefaultProperties(defaults);
        ConfigurableApplicationContext context = app.run(args);

        RedisConnectionFactory connections = context.getBean(RedisConnectionFactory.class);
        try (RedisConnection connection = connections.getConnection()) {
            connection.serverCommands().resetConfigStats();
        }
        Catalog catalog = context.getBean(Catalog.class);
        Orders orders = context.getBean(Orders.class);
        int threads = Integer.getInteger("demo.threads", 4);
        int operations = Integer.getInteger("demo.operations", 5_000);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            long seed = 42 + t;
            workers[t] = new Thread(() -> work(catalog, orders, operations, seed), "worker-" + t);
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }

        StringBuilder counts = new StringBuilder("redis-demo counts:");
        CaffeineCacheManager caffeine = context.getBean(CaffeineCacheManager.class);
        for (String name : new String[] {"users", "products"}) {
            com.github.benmanes.caffeine.cache.Cache<Object, Object> nativeCache = ((CaffeineCache) caffeine.getCache(name)).getNativeCache();
            nativeCache.cleanUp(); // evictions still pending in Caffeine's maintenance happen now, before the count is read
            CacheStats stats = nativeCache.stats();
            counts.append(String.format(" %1$s.stats.hits=%2$d %1$s.stats.misses=%3$d %1$s.stats.evictions=%4$d", name,
                    stats.hitCount(), stats.missCount(), stats.evictionCount()));
        }
        try (RedisConnection connection = connections.getConnection()) {
            Properties info = connection.serverCommands().info("stats");
            counts.append(" orders.server.hits=").append(info.getProperty("keyspace_hits"))
                    .append(" orders.server.misses=").append(info.getProperty("keyspace_misses"));
        }
        counts.append(String.format(" users.calls=%d users.loads=%d users.puts=%d users.evicts=%d", userCalls.get(),
                userLoads.get(), userPuts.get(), userEvicts.get()));
        counts.append(String.format(" products.calls=%d products.loads=%d", productCalls.get(), productLoads.get()));
        counts.append(String.format(" orders.calls=%d orders.loads=%d orders.evicts=%d", orderCalls.get(),
                orderLoads.get(), orderEvicts.get()));
        System.out.println(counts);
        if (Boolean.getBoolean("demo.exit")) {
            context.close();
            redis.close();
            return;
        }
        Thread.currentThread().join();
    }

    /** Reads mostly, sometimes updates or drops an entry: the mix a service's caches see. */
    static void work(Catalog catalog, Orders orders, int operations, long seed) {
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < operations; i++) {
            int pick = random.nextInt(100);
            if (pick < 45) {
                userCalls.incrementAndGet();
                catalog.user(random.nextInt(600));
            } else if (pick < 50) {
                catalog.rename(random.nextInt(600));
            } else if (pick < 53) {
                catalog.forget(random.nextInt(600));
            } else if (pick < 70) {
                productCalls.incrementAndGet();
                catalog.product(random.nextInt(200));
            } else if (pick < 97) {
                orderCalls.incrementAndGet();
                orders.order(random.nextInt(400));
            } else {
                orders.cancel(random.nextInt(400));
            }
        }
    }

    @Bean
    @Primary
    CaffeineCacheManager caffeineCacheManager() {
        CaffeineCacheManager manager = new CaffeineCacheManager("users", "products");
        manager.setCaffeine(Caffeine.newBuilder().maximumSize(300).recordStats());
        return manager;
    }

    @Bean
    RedisCacheManager redisCacheManager(RedisConnectionFactory connections) {
        return RedisCacheManager.builder(connections)
                .cacheDefaults(RedisCacheConfiguration.defaultCacheConfig().entryTtl(Duration.ofMinutes(10)))
                .initialCacheNames(java.util.Set.of("orders"))
                .build();
    }

    @Service
    @CacheConfig(cacheManager = "caffeineCacheManager")
    public static class Catalog {
        @Cacheable("users")
        public String user(int id) {
            userLoads.incrementAndGet();
            return "user-" + id;
        }

        @CachePut(cacheNames = "users", key = "#p0")
        public String rename(int id) {
            userPuts.incrementAndGet();
            return "renamed-" + id;
        }

        @CacheEvict("users")
        public void forget(int id) {
            userEvicts.incrementAndGet();
        }

        /** Loaded through the cache itself ({@code Cache.get(key, loader)}): one load per key even under contention. */
        @Cacheable(cacheNames = "products", sync = true)
        public String product(int id) {
            productLoads.incrementAndGet();
            return "product-" + id;
        }
    }

    @Service
    @CacheConfig(cacheManager = "redisCacheManager")
    public static class Orders {
        @Cacheable("orders")
        public String order(int id) {
            orderLoads.incrementAndGet();
            return "order-" + id;
        }

        @CacheEvict("orders")
        public void cancel(int id) {
            orderEvicts.incrementAndGet();
        }
    }
}
