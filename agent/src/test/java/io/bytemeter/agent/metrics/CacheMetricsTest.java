package io.bytemeter.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.bytemeter.instrumentation.Sites;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** How library caches are named and share series: by the library's name, or where they were built. */
class CacheMetricsTest {

    private final CacheMetrics metrics = new CacheMetrics(new Sites(Map.of()), new AgentMetrics(), Map.of(), 100, false);

    @Test
    void cachesWithOneLibraryNameShareOneSeries() {
        Object first = new Object();
        metrics.register(first, "javax.cache.", "cache-writer-test", false);
        metrics.get(first, null, 1, 2, 10);
        // destroyed, and a new cache made under the same name while the old object is still reachable
        Object second = new Object();
        metrics.register(second, "javax.cache.", "cache-writer-test", false);
        metrics.get(second, null, 4, 0, 10);
        assertEquals(5, sum("cache.gets", "result", "hit"));
        assertEquals(Set.of("cache-writer-test"), names());
    }

    @Test
    void aDerivedNameIsFreeOnceItsCacheIsCollected() throws InterruptedException {
        WeakReference<Object> gone = new WeakReference<>(recordOnce());
        Set<String> first = names();
        for (int i = 0; i < 50 && gone.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(null, gone.get(), "the first cache was collected");
        Object kept = recordOnce();
        assertEquals(first, names(), "the same name again, not one with #2");
        assertEquals(1, first.size());
        assertNotNull(kept);
    }

    /** Builds a cache, named where it is built (the agent's own frames skipped), and records one get. */
    private Object recordOnce() {
        Object cache = new Object();
        metrics.register(cache, "com.acme.", null, false);
        metrics.get(cache, null, 1, 0, 10);
        return cache;
    }

    @Test
    void aRedisServerHasRoundTripBucketsAndTimesOtherCommandsByName() {
        Object connection = new Object();
        metrics.register(connection, "redis.clients.jedis.", "redis://127.0.0.1:6379/0", true);
        metrics.get(connection, null, 1, 0, 200_000);
        metrics.command(connection, "INCR", 150_000);
        metrics.command(connection, "INCR", 150_000);
        metrics.error(connection, "GET", "JedisConnectionException");
        MetricWriter out = collect();
        HistogramPointData get = histogram(out, "cache.operation.duration", "operation", "get");
        assertEquals(10e-6, get.getBoundaries().get(0), "a network call is measured from 10 µs");
        assertEquals(2, histogram(out, "cache.command.duration", "command", "INCR").getCount());
        assertEquals(1, sum("cache.errors", "error.type", "JedisConnectionException"));
    }

    private MetricWriter collect() {
        MetricWriter out = new MetricWriter(Resource.empty(), 0, 1);
        metrics.collect(out);
        return out;
    }

    private Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (MetricData data : collect().metrics()) {
            if (data.getName().equals("cache.gets")) {
                data.getLongSumData().getPoints().forEach(p -> names.add(p.getAttributes().get(AttributeKey.stringKey("cache"))));
            }
        }
        return names;
    }

    private long sum(String metric, String key, String value) {
        long sum = 0;
        for (MetricData data : collect().metrics()) {
            if (data.getName().equals(metric)) {
                for (LongPointData point : data.getLongSumData().getPoints()) {
                    if (value.equals(point.getAttributes().get(AttributeKey.stringKey(key)))) {
                        sum += point.getValue();
                    }
                }
            }
        }
        return sum;
    }

    private static HistogramPointData histogram(MetricWriter out, String metric, String key, String value) {
        for (MetricData data : out.metrics()) {
            if (data.getName().equals(metric)) {
                for (HistogramPointData point : data.getHistogramData().getPoints()) {
                    if (value.equals(point.getAttributes().get(AttributeKey.stringKey(key)))) {
                        return point;
                    }
                }
            }
        }
        throw new AssertionError("no " + metric + " with " + key + "=" + value);
    }
}
