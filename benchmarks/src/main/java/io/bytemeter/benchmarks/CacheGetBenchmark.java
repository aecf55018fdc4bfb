package io.bytemeter.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A hit and a miss on {@link MapCache#get}. {@link OverheadBenchmarks} runs it in forks without
 * the agent and with it, so the difference is what the agent adds to one call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheGetBenchmark {

    private final MapCache cache = new MapCache();
    private final String presentKey = "user-42";
    private final String absentKey = "user-43";

    @Setup
    public void fill() {
        for (int i = 0; i < 100; i++) {
            cache.put("user-" + (i * 2), "value-" + i);
        }
    }

    @Benchmark
    public String hit() {
        return cache.get(presentKey);
    }

    @Benchmark
    public String miss() {
        return cache.get(absentKey);
    }
}
