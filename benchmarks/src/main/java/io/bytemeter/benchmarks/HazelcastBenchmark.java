package io.bytemeter.benchmarks;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NearCacheConfig;
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
 * network join), the in-process call the agent times on every call: through the member's
 * partition thread ({@code memberGet}, tens of microseconds here), and from the member's near
 * cache ({@code memberNearCacheGet}, answered on the calling thread, where what the agent adds
 * can be seen).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HazelcastBenchmark {

    private HazelcastInstance member;
    private IMap<String, String> map;
    private IMap<String, String> nearCached;

    @Setup
    public void start() {
        System.setProperty("hazelcast.phone.home.enabled", "false");
        System.setProperty("hazelcast.logging.type", "none");
        Config config = new Config().setClusterName("bytemeter-bench-" + ProcessHandle.current().pid());
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        config.addMapConfig(new MapConfig("catalog").setNearCacheConfig(new NearCacheConfig().setCacheLocalEntries(true)));
        member = Hazelcast.newHazelcastInstance(config);
        map = member.getMap("users");
        map.put("user-42", "value-42");
        nearCached = member.getMap("catalog");
        nearCached.put("item-42", "value-42");
        nearCached.get("item-42");
    }

    @TearDown
    public void stop() {
        member.shutdown();
    }

    @Benchmark
    public String memberGet() {
        return map.get("user-42");
    }

    @Benchmark
    public String memberNearCacheGet() {
        return nearCached.get("item-42");
    }
}
