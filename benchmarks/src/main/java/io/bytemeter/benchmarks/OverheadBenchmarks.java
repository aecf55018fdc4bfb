package io.bytemeter.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link HotPathBenchmark}, {@link CacheGetBenchmark} (a custom cache, measured by role),
 * {@link CaffeineBenchmark}, {@link IdBenchmark} and {@link GrpcBenchmark} in one go under four
 * set-ups: no agent; the agent with no timing setting (the custom cache named by role, all else
 * measured with no setting: in-process calls timed one in several, remote ones every one); the
 * agent timing every call ({@code bytemeter.timing.sample=1}); the OpenTelemetry Java agent (from
 * {@code benchmarks/target/otel}, which the build fills; {@code -Dbench.otel.agent=none} leaves it out). Prints each
 * one's cost and allocation next to the no-agent baseline. Run from the repository root: {@code java -jar benchmarks/target/benchmarks.jar};
 * {@code -Dbytemeter.agent.jar} points elsewhere, {@code -Dbench.forks}, {@code -Dbench.iterations}
 * change the run's length, {@code -Dbench.include} (a regular expression) picks benchmarks,
 * {@code -Dbench.sizing=true} adds a set-up with {@code bytemeter.cache.sizing=true};
 * {@code -Dbench.rabbitmq.port} gives {@link RabbitMqBenchmark} its broker, {@code -Dbench.mqtt.port} {@link MqttBenchmark} its
 * broker, {@code -Dbench.rocketmq.namesrv} {@link RocketMqBenchmark} its name server, {@code -Dbench.rocketmq.proxy}
 * {@link RocketMqGrpcBenchmark} its proxy, {@code -Dbench.sqs.endpoint} {@link SqsBenchmark} its server.
 */
public final class OverheadBenchmarks {

    private static final String SPEC = "-Dbytemeter.cache.get=" + MapCache.class.getName() + "#get";

    public static void main(String[] args) throws Exception {
        Path agent = Paths.get(System.getProperty("bytemeter.agent.jar", "agent/target/bytemeter-agent.jar")).toAbsolutePath();
        if (!Files.exists(agent)) {
            System.err.println("no agent jar at " + agent + ": build first (mvn -B -q package -DskipTests) or set -Dbytemeter.agent.jar");
            System.exit(2);
        }
        String javaagent = "-javaagent:" + agent;
        String quietAgent = "-Dbytemeter.log.level=warn";
        Map<String, String[]> setups = new LinkedHashMap<>();
        setups.put("no agent", new String[0]);
        setups.put("agent, no setting", new String[] {javaagent, quietAgent, "-Dbytemeter.exporter.port=0", SPEC});
        setups.put("agent, every call timed", new String[] {javaagent, quietAgent, "-Dbytemeter.exporter.port=0", SPEC,
                "-Dbytemeter.timing.sample=1"});
        if (Boolean.getBoolean("bench.sizing")) {
            setups.put("agent, cache sizing on", new String[] {javaagent, quietAgent, "-Dbytemeter.exporter.port=0", SPEC,
                "-Dbytemeter.cache.sizing=true"});
        }
        Path otel = Paths.get(System.getProperty("bench.otel.agent", "benchmarks/target/otel/opentelemetry-javaagent.jar")).toAbsolutePath();
        if (Files.exists(otel)) {
            // its defaults, with traces and logs not exported and metrics on its Prometheus endpoint
            setups.put("OpenTelemetry agent 2.33.1", new String[] {"-javaagent:" + otel, "-Dotel.traces.exporter=none",
                "-Dotel.logs.exporter=none", "-Dotel.metrics.exporter=prometheus", "-Dotel.exporter.prometheus.port=0",
                "-Dotel.javaagent.logging=none"});
        } else {
            System.err.println("no OpenTelemetry agent at " + otel + " (-Dbench.otel.agent): running without it");
        }

        Map<String, Collection<RunResult>> results = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> setup : setups.entrySet()) {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include(System.getProperty("bench.include", HotPathBenchmark.class.getName() + "|"
                            + CacheGetBenchmark.class.getName() + "|"
                            + CaffeineBenchmark.class.getName() + "|" + IdBenchmark.class.getName() + "|"
                            + GrpcBenchmark.class.getName()))
                    .forks(Integer.getInteger("bench.forks", 2))
                    .warmupIterations(3)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(Integer.getInteger("bench.iterations", 5))
                    .measurementTime(TimeValue.seconds(1))
                    .addProfiler(GCProfiler.class)
                    .jvmArgsAppend(withServers(setup.getValue()));
            results.put(setup.getKey(), new Runner(options.build()).run());
        }
        printSummary(results);
    }

    /** A set-up's JVM flags, plus the servers that the benchmarks needing one were given ({@code bench.*} above). */
    private static String[] withServers(String[] flags) {
        List<String> all = new ArrayList<>(List.of(flags));
        for (String server : List.of("bench.rabbitmq.port", "bench.mqtt.port", "bench.rocketmq.namesrv", "bench.rocketmq.proxy",
                "bench.sqs.endpoint")) {
            String value = System.getProperty(server);
            if (value != null) {
                all.add("-D" + server + "=" + value);
            }
        }
        return all.toArray(new String[0]);
    }

    private static void printSummary(Map<String, Collection<RunResult>> results) {
        Map<String, Double> baseline = scores(results.values().iterator().next());
        System.out.println();
        System.out.println("bytemeter overhead per call (ns/op; difference against no agent; bytes allocated per op)");
        for (Map.Entry<String, Collection<RunResult>> entry : results.entrySet()) {
            for (RunResult result : entry.getValue()) {
                String method = shortName(result.getParams().getBenchmark());
                double score = result.getPrimaryResult().getScore();
                double error = result.getPrimaryResult().getScoreError();
                double alloc = result.getSecondaryResults().entrySet().stream()
                        .filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
                        .mapToDouble(e -> e.getValue().getScore())
                        .findFirst().orElse(Double.NaN);
                System.out.printf("%-28s %-37s %8.2f ± %5.2f ns/op  %+8.2f ns  %6.2f B/op%n", entry.getKey(), method,
                        score, error, score - baseline.get(method), alloc);
            }
        }
    }

    private static Map<String, Double> scores(Collection<RunResult> results) {
        Map<String, Double> scores = new LinkedHashMap<>();
        List<RunResult> list = new ArrayList<>(results);
        for (RunResult result : list) {
            scores.put(shortName(result.getParams().getBenchmark()), result.getPrimaryResult().getScore());
        }
        return scores;
    }

    /** {@code CacheGetBenchmark.hit} from the benchmark's full name. */
    private static String shortName(String benchmark) {
        String[] parts = benchmark.split("\\.");
        return parts[parts.length - 2] + "." + parts[parts.length - 1];
    }
}
