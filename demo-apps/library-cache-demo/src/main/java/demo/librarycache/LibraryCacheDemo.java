package demo.librarycache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.util.concurrent.UncheckedExecutionException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.internal.statistics.DefaultStatisticsService;
import org.ehcache.core.statistics.CacheStatistics;

/**
 * Drives a Caffeine cache, a Caffeine loading cache, a Guava cache, a Guava loading cache, an
 * Ehcache cache and a JCache cache (Ehcache as the provider) with the seed workload, then prints
 * each library's own statistics and the app's own counts of puts and deletes. Every cache records
 * statistics (unless {@code -Ddemo.recordStats=false} for the first two caches, which also count
 * their own hits and misses); the agent needs no setting. Stays up unless {@code -Ddemo.exit=true}.
 *
 * <p>Settings: {@code demo.threads} (4), {@code demo.ops} per thread and cache (50000),
 * {@code demo.keys} (2500; the bounded caches hold 2000, so they evict).
 */
public final class LibraryCacheDemo {

    private static final int CAPACITY = 2000;
    private static final boolean RECORD_STATS = Boolean.parseBoolean(System.getProperty("demo.recordStats", "true"));

    public static void main(String[] args) throws Exception {
        int threads = Integer.getInteger("demo.threads", 4);
        int ops = Integer.getInteger("demo.ops", 50_000);
        int keys = Integer.getInteger("demo.keys", 2500);
        Map<String, Long> counts = new LinkedHashMap<>();

        com.github.benmanes.caffeine.cache.Cache<String, String> users = caffeineUsers();
        Workload workload = new Workload();
        workload.run(new Workload.Operations() {
            private int turn;

            @Override
            public void get(String key) {
                if ((turn++ & 1) == 0) {
                    workload.countLookup(users.getIfPresent(key) != null);
                } else {
                    users.get(key, workload::countedLoad);
                }
            }

            @Override
            public void put(String key, String value) {
                users.put(key, value);
            }

            @Override
            public boolean delete(String key) {
                return users.asMap().remove(key) != null;
            }
        }, threads, ops, keys);
        List<String> batch = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            batch.add(Workload.key(k * 7));
        }
        for (int i = 0; i < 50; i++) {
            Map<String, String> found = users.getAllPresent(batch);
            workload.gets.add(batch.size());
            workload.misses.add(batch.size() - found.size());
        }
        users.cleanUp();
        com.github.benmanes.caffeine.cache.stats.CacheStats caffeine = users.stats();
        counts.put("caffeine.hits", caffeine.hitCount());
        counts.put("caffeine.misses", caffeine.missCount());
        counts.put("caffeine.load_successes", caffeine.loadSuccessCount());
        counts.put("caffeine.load_failures", caffeine.loadFailureCount());
        counts.put("caffeine.evictions", caffeine.evictionCount());
        counts.put("caffeine.puts", workload.puts.sum());
        counts.put("caffeine.deletes", workload.deletes.sum());
        counts.put("caffeine.removals", workload.removals.sum());
        counts.put("caffeine.size", users.estimatedSize());
        counts.put("caffeine.app_hits", workload.gets.sum() - workload.misses.sum());
        counts.put("caffeine.app_misses", workload.misses.sum());

        com.google.common.cache.Cache<String, String> sessions = guavaSessions();
        Workload guavaWork = new Workload();
        guavaWork.run(new Workload.Operations() {
            private int turn;

            @Override
            public void get(String key) {
                if ((turn++ & 1) == 0) {
                    guavaWork.countLookup(sessions.getIfPresent(key) != null);
                    return;
                }
                try {
                    sessions.get(key, () -> {
                        String value = guavaWork.countedLoad(key);
                        if (value == null) {
                            throw new IllegalStateException("no value for " + key);
                        }
                        return value;
                    });
                } catch (java.util.concurrent.ExecutionException | UncheckedExecutionException e) {
                    // a failed load: counted by Guava as a miss and a load exception
                }
            }

            @Override
            public void put(String key, String value) {
                sessions.put(key, value);
            }

            @Override
            public boolean delete(String key) {
                return sessions.asMap().remove(key) != null;
            }
        }, threads, ops, keys);
        sessions.cleanUp();
        com.google.common.cache.CacheStats guava = sessions.stats();
        counts.put("guava.hits", guava.hitCount());
        counts.put("guava.misses", guava.missCount());
        counts.put("guava.load_successes", guava.loadSuccessCount());
        counts.put("guava.load_failures", guava.loadExceptionCount());
        counts.put("guava.evictions", guava.evictionCount());
        counts.put("guava.puts", guavaWork.puts.sum());
        counts.put("guava.deletes", guavaWork.deletes.sum());
        counts.put("guava.removals", guavaWork.removals.sum());
        counts.put("guava.app_hits", guavaWork.gets.sum() - guavaWork.misses.sum());
        counts.put("guava.app_misses", guavaWork.misses.sum());

        com.github.benmanes.caffeine.cache.LoadingCache<String, String> prices = caffeinePrices();
        com.google.common.cache.LoadingCache<String, String> rates = guavaRates();
        for (int i = 0; i < ops; i++) {
            String key = Workload.key(i % (keys * 2));
            prices.get(key);
            try {
                rates.getUnchecked(key);
            } catch (RuntimeException e) {
                // a failed load
            }
        }
        prices.cleanUp();
        counts.put("caffeine_loading.hits", prices.stats().hitCount());
        counts.put("caffeine_loading.misses", prices.stats().missCount());
        counts.put("caffeine_loading.load_successes", prices.stats().loadSuccessCount());
        counts.put("caffeine_loading.load_failures", prices.stats().loadFailureCount());
        counts.put("caffeine_loading.evictions", prices.stats().evictionCount());
        rates.cleanUp();
        counts.put("guava_loading.hits", rates.stats().hitCount());
        counts.put("guava_loading.misses", rates.stats().missCount());
        counts.put("guava_loading.load_successes", rates.stats().loadSuccessCount());
        counts.put("guava_loading.load_failures", rates.stats().loadExceptionCount());
        counts.put("guava_loading.evictions", rates.stats().evictionCount());

        DefaultStatisticsService statistics = new DefaultStatisticsService();
        try (CacheManager manager = CacheManagerBuilder.newCacheManagerBuilder()
                .using(statistics)
                .withCache("inventory", CacheConfigurationBuilder.newCacheConfigurationBuilder(String.class, String.class,
                        ResourcePoolsBuilder.heap(CAPACITY)))
                .build(true)) {
            org.ehcache.Cache<String, String> inventory = manager.getCache("inventory", String.class, String.class);
            Workload ehcacheWork = new Workload();
            ehcacheWork.run(new Workload.Operations() {
                @Override
                public void get(String key) {
                    inventory.get(key);
                }

                @Override
                public void put(String key, String value) {
                    inventory.put(key, value);
                }

                @Override
                public boolean delete(String key) {
                    inventory.remove(key);
                    return false;
                }
            }, threads, ops, keys);
            CacheStatistics ehcache = statistics.getCacheStatistics("inventory");
            counts.put("ehcache.hits", ehcache.getCacheHits());
            counts.put("ehcache.misses", ehcache.getCacheMisses());
            counts.put("ehcache.puts", ehcache.getCachePuts());
            counts.put("ehcache.evictions", ehcache.getCacheEvictions());
            counts.put("ehcache.delete_calls", ehcacheWork.deletes.sum());
        }

        javax.cache.CacheManager jcacheManager =
                Caching.getCachingProvider("org.ehcache.jsr107.EhcacheCachingProvider").getCacheManager();
        javax.cache.Cache<String, String> orders = jcacheManager.createCache("orders",
                new MutableConfiguration<String, String>().setTypes(String.class, String.class).setStatisticsEnabled(true));
        Workload jcacheWork = new Workload();
        jcacheWork.run(new Workload.Operations() {
            @Override
            public void get(String key) {
                orders.get(key);
            }

            @Override
            public void put(String key, String value) {
                orders.put(key, value);
            }

            @Override
            public boolean delete(String key) {
                return orders.remove(key);
            }
        }, threads, ops, keys);
        Map<String, Long> jcache = jcacheStatistics("orders");
        counts.put("jcache.hits", jcache.get("CacheHits"));
        counts.put("jcache.misses", jcache.get("CacheMisses"));
        counts.put("jcache.puts", jcache.get("CachePuts"));
        counts.put("jcache.removals", jcache.get("CacheRemovals"));
        counts.put("jcache.evictions", jcache.get("CacheEvictions"));
        counts.put("jcache.app_deletes", jcacheWork.deletes.sum());
        counts.put("jcache.app_removals", jcacheWork.removals.sum());

        StringBuilder line = new StringBuilder("library-cache-demo counts:");
        counts.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        System.out.println(line);
        if (!Boolean.getBoolean("demo.exit")) {
            System.out.println("library-cache-demo: workload done; staying up for scrapes, Ctrl-C to stop");
            Thread.currentThread().join();
        }
        jcacheManager.close();
    }

    static com.github.benmanes.caffeine.cache.Cache<String, String> caffeineUsers() {
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(CAPACITY).executor(Runnable::run);
        return (RECORD_STATS ? builder.recordStats() : builder).build();
    }

    static com.github.benmanes.caffeine.cache.LoadingCache<String, String> caffeinePrices() {
        return Caffeine.newBuilder().maximumSize(CAPACITY).executor(Runnable::run).recordStats().build(Workload::load);
    }

    static com.google.common.cache.Cache<String, String> guavaSessions() {
        CacheBuilder<Object, Object> builder = CacheBuilder.newBuilder().maximumSize(CAPACITY);
        return (RECORD_STATS ? builder.recordStats() : builder).build();
    }

    static com.google.common.cache.LoadingCache<String, String> guavaRates() {
        return CacheBuilder.newBuilder().maximumSize(CAPACITY).recordStats().build(new CacheLoader<String, String>() {
            @Override
            public String load(String key) {
                String value = Workload.load(key);
                if (value == null) {
                    throw new IllegalStateException("no rate for " + key);
                }
                return value;
            }
        });
    }

    /** JCache statistics, from the JMX bean the provider registers when statistics are enabled. */
    private static Map<String, Long> jcacheStatistics(String cache) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(new ObjectName("javax.cache:type=CacheStatistics,Cache=" + cache + ",*"), null);
        ObjectName name = names.iterator().next();
        Map<String, Long> values = new LinkedHashMap<>();
        for (String attribute : new String[] {"CacheHits", "CacheMisses", "CachePuts", "CacheRemovals", "CacheEvictions"}) {
            values.put(attribute, ((Number) server.getAttribute(name, attribute)).longValue());
        }
        return values;
    }
}
