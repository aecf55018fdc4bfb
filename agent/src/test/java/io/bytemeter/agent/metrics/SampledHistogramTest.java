package io.bytemeter.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.Role;
import io.bytemeter.instrumentation.Sites;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With the default timing, a duration histogram of a million calls or more stands for every call:
 * its count within 1% of the exact counter, for a cache, an ID generator and a timed method, on one
 * thread and on four, with the calls timed as the advice times them ({@link Timing}).
 */
class SampledHistogramTest {

    private static final int CALLS = 1_000_000;

    private final AgentMetrics agent = new AgentMetrics();
    private final Sites sites = new Sites(Map.of());

    @BeforeEach
    @AfterEach
    void defaults() {
        Timing.sampleByDefault();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void aCacheGetHistogramStandsForEveryGet(int threads) throws Exception {
        CacheMetrics metrics = new CacheMetrics(sites, agent, Map.of(), 100, false);
        Object cache = new Object();
        metrics.register(cache, "com.acme.", "users", false);
        run(threads, i -> metrics.get(cache, null, i % 5 == 0 ? 0 : 1, i % 5 == 0 ? 1 : 0, Timing.elapsedSince(Timing.startCache())));
        assertWithinOnePercent(CALLS, histogramCount(metrics, "cache.operation.duration"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void anIdHistogramStandsForEveryId(int threads) throws Exception {
        IdMetrics metrics = new IdMetrics(sites, agent, Map.of(), 100);
        run(threads, i -> metrics.generatedOpaque("java.util.UUID.randomUUID", Timing.elapsedSince(Timing.startId())));
        assertWithinOnePercent(CALLS, histogramCount(metrics, "id.generation.duration"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void aTimedMethodHistogramStandsForEveryCall(int threads) throws Exception {
        MethodMetrics metrics = new MethodMetrics(sites, agent, 100);
        int site = sites.register(Role.TIMED_METHOD, "com.acme.Service", "work", "()V").id();
        run(threads, i -> metrics.exited(site, null, Timing.elapsedSince(Timing.startMethod())));
        assertWithinOnePercent(CALLS, histogramCount(metrics, "method.duration"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void withEveryCallTimedTheCountIsExact(int threads) throws Exception {
        Timing.sampleOneIn(1);
        IdMetrics metrics = new IdMetrics(sites, agent, Map.of(), 100);
        run(threads, i -> metrics.generatedOpaque("java.util.UUID.randomUUID", Timing.elapsedSince(Timing.startId())));
        assertEquals(CALLS, histogramCount(metrics, "id.generation.duration"));
    }

    /** {@link #CALLS} calls of {@code call}, shared among {@code threads} threads. */
    private static void run(int threads, IntConsumer call) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            workers.add(new Thread(() -> {
                for (int i = first; i < CALLS; i += threads) {
                    call.accept(i);
                }
            }));
        }
        workers.forEach(Thread::start);
        for (Thread worker : workers) {
            worker.join();
        }
    }

    private static void assertWithinOnePercent(long calls, long count) {
        assertTrue(count <= calls && calls - count <= calls / 100, "histogram count " + count + " for " + calls + " calls");
    }

    private static long histogramCount(MetricSource metrics, String name) {
        MetricWriter out = new MetricWriter(Resource.empty(), 0, 1);
        metrics.collect(out);
        long count = 0;
        for (MetricData data : out.metrics()) {
            if (data.getName().equals(name)) {
                for (HistogramPointData point : data.getHistogramData().getPoints()) {
                    count += point.getCount();
                }
            }
        }
        return count;
    }
}
