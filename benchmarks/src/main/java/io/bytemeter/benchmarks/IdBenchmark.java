package io.bytemeter.benchmarks;

import cn.hutool.core.lang.Snowflake;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * ID generators the agent measures with no setting: {@code UUID.randomUUID()} and Hutool's
 * {@code Snowflake.nextId()}. A Snowflake makes at most 4096 IDs a millisecond, so a bare loop of
 * {@code nextId} spends most of its time waiting for the clock (about 244 ns per ID whatever the
 * agent adds); {@code snowflakeNextIdPaced} spends about 300 ns of work between IDs to stay under
 * that rate, so that its difference against no agent is the cost per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IdBenchmark {

    private final Snowflake snowflake = new Snowflake(1, 1);

    @Benchmark
    public UUID randomUuid() {
        return UUID.randomUUID();
    }

    @Benchmark
    public long snowflakeNextId() {
        return snowflake.nextId();
    }

    @Benchmark
    public long snowflakeNextIdPaced() {
        Blackhole.consumeCPU(150);
        return snowflake.nextId();
    }
}
