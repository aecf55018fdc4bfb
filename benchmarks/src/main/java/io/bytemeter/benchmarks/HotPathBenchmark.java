package io.bytemeter.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The calls as fast as the clock, side by side in one run: a Caffeine hit on a plain cache and on
 * one built with {@code recordStats()} (Caffeine's own statistics, the cost we are held to), the
 * same hit from two threads on one cache (the cores here), {@code UUID.randomUUID()}, and a pair
 * of {@code System.nanoTime()} reads (the floor of timing one call), and a hit spread over 65,536
 * keys. Under the agent the plain cache and the UUID are measured with no setting.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmark {

    /** One cache of each kind, filled once, shared by the benchmark's threads. */
    @State(Scope.Benchmark)
    public static class Caches {
        final Cache<String, String> plain = Caffeine.newBuilder().maximumSize(1000).build();
        final Cache<String, String> withStats = Caffeine.newBuilder().maximumSize(1000).recordStats().build();
        final String presentKey = "user-42";

        @Setup
        public void fill() {
            for (int i = 0; i < 100; i++) {
                plain.put("user-" + i, "value-" + i);
                withStats.put("user-" + i, "value-" + i);
            }
        }
    }

    /** A cache of 65,536 entries hit on each key in turn: the load a sized cache's sample thins ({@code bytemeter.cache.sizing}). */
    @State(Scope.Thread)
    public static class ManyKeys {
        final Cache<Integer, String> cache = Caffeine.newBuilder().maximumSize(1 << 17).build();
        final Integer[] keys = new Integer[1 << 16];
        int next;

        @Setup
        public void fill() {
            for (int i = 0; i < keys.length; i++) {
                keys[i] = i;
                cache.put(i, "value-" + i);
            }
        }
    }

    @Benchmark
    public String caffeineHit(Caches caches) {
        return caches.plain.getIfPresent(caches.presentKey);
    }

    @Benchmark
    public String caffeineHitRecordStats(Caches caches) {
        return caches.withStats.getIfPresent(caches.presentKey);
    }

    @Benchmark
    @Threads(2)
    public String caffeineHitTwoThreads(Caches caches) {
        return caches.plain.getIfPresent(caches.presentKey);
    }

    @Benchmark
    @Threads(2)
    public String caffeineHitRecordStatsTwoThreads(Caches caches) {
        return caches.withStats.getIfPresent(caches.presentKey);
    }

    @Benchmark
    public String caffeineHitAmongMany(ManyKeys many) {
        return many.cache.getIfPresent(many.keys[many.next++ & (many.keys.length - 1)]);
    }

    @Benchmark
    public UUID randomUuid() {
        return UUID.randomUUID();
    }

    @Benchmark
    public long nanoTimePair() {
        long start = System.nanoTime();
        return System.nanoTime() - start;
    }
}
