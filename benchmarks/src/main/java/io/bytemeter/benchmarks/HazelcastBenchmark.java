package io.bytemeter.benchmarks;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A Hazelcast {@code IMap.get} hit on a member in the benchmark's own JVM (a cluster of one, no
 * network join), the in-process call the agent times on every call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HazelcastBenchmark {

    private HazelcastInstance member;
    private IMap<String, String> map;

    @Setup
    public void start() {
        System.setProperty("hazelcast.phone.home.enabled", "false");
        System.setProperty("hazelcast.logging.type", "none");
        Config config = new Config().setClusterName("bytemeter-bench-" + ProcessHandle.current().pid());
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        member = Hazelcast.newHazelcastInstance(config);
        map = member.getMap("users");
        map.put("user-42", "value-42");
    }

    @TearDown
    public void stop() {
        member.shutdown();
    }

    @Benchmark
    public String memberGet() {
        return map.get("user-42");
    }
}
