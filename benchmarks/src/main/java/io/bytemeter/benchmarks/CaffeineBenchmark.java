package io.bytemeter.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Caffeine's {@code getIfPresent} on a present key and {@code get(key, fn)} on a present key (the
 * function is not called): the hot paths of a cache in use. The agent instruments Caffeine with no
 * setting, so {@link OverheadBenchmarks}' agent forks measure it as users get it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CaffeineBenchmark {

    private final Cache<String, String> cache = Caffeine.newBuilder().maximumSize(1000).build();
    private final Function<String, String> loader = key -> "loaded-" + key;
    private final String presentKey = "user-42";

    @Setup
    public void fill() {
        for (int i = 0; i < 100; i++) {
            cache.put("user-" + i, "value-" + i);
        }
    }

    @Benchmark
    public String getIfPresentHit() {
        return cache.getIfPresent(presentKey);
    }

    @Benchmark
    public String getWithFunctionHit() {
        return cache.get(presentKey, loader);
    }
}
