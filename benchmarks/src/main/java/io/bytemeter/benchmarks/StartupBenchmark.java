package io.bytemeter.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an agent costs a trivial app at start-up: {@link HelloApp} started without an agent, with
 * bytemeter, with the OpenTelemetry Java agent and with the Prometheus JMX exporter agent (both
 * from Maven Central, copied to {@code benchmarks/target/otel} by the build), paired and
 * interleaved (each round runs every set-up once, in a rotating order), {@code -Dstartup.runs}
 * rounds (15). Prints the medians of wall time (process start to exit) and peak RSS, what each
 * agent adds, and the agents' jar sizes. Run from the repository root:
 * {@code java -cp benchmarks/target/benchmarks.jar io.bytemeter.benchmarks.StartupBenchmark};
 * {@code -Dstartup.java} picks the JDK's {@code java} (default: this one);
 * {@code -Dstartup.main=io.bytemeter.benchmarks.UuidHelloApp} starts the hello world that makes one UUID;
 * {@code -Dstartup.compare=path/to/another/bytemeter-agent.jar} adds it as "bytemeter (compared)";
 * {@code -Dstartup.app="<class path> <main class> [JVM options...]"} runs another app in place of
 * the trivial one (a demo with a short workload), whose peak RSS is then not known.
 */
public final class StartupBenchmark {

    private static final Pattern PEAK = Pattern.compile("peak-rss-kib=(\\d+)");

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("startup.runs", 15);
        String java = System.getProperty("startup.java", Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        Path bytemeter = Paths.get(System.getProperty("bytemeter.agent.jar", "agent/target/bytemeter-agent.jar")).toAbsolutePath();
        Path otel = Paths.get("benchmarks/target/otel/opentelemetry-javaagent.jar").toAbsolutePath();
        Path jmx = Paths.get("benchmarks/target/otel/jmx_prometheus_javaagent.jar").toAbsolutePath();
        Path jmxConfig = Files.createTempFile("jmx-exporter", ".yaml");
        Files.writeString(jmxConfig, "rules:\n  - pattern: \".*\"\n");
        String classpath = Paths.get(HelloApp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String hello = System.getProperty("startup.main", HelloApp.class.getName());
        List<String> app = System.getProperty("startup.app") == null ? List.of("-cp", classpath, hello)
                : appCommand(System.getProperty("startup.app"));

        Map<String, List<String>> setups = new LinkedHashMap<>();
        setups.put("no agent", List.of());
        setups.put("bytemeter", List.of("-javaagent:" + bytemeter, "-Dbytemeter.exporter.port=0", "-Dbytemeter.log.level=warn"));
        if (System.getProperty("startup.compare") != null) {
            setups.put("bytemeter (compared)", List.of("-javaagent:" + Paths.get(System.getProperty("startup.compare")).toAbsolutePath(),
                    "-Dbytemeter.exporter.port=0", "-Dbytemeter.log.level=warn"));
        }
        setups.put("OpenTelemetry agent 2.33.1", List.of("-javaagent:" + otel, "-Dotel.traces.exporter=none",
                "-Dotel.logs.exporter=none", "-Dotel.metrics.exporter=prometheus", "-Dotel.exporter.prometheus.port=0",
                "-Dotel.javaagent.logging=none"));
        setups.put("JMX exporter agent 1.0.1", List.of("-javaagent:" + jmx + "=127.0.0.1:0:" + jmxConfig));

        Map<String, List<Double>> wall = new LinkedHashMap<>();
        Map<String, List<Double>> rss = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(setups.keySet());
        for (String name : names) {
            wall.put(name, new ArrayList<>());
            rss.put(name, new ArrayList<>());
        }
        System.out.println("java: " + java + ", " + runs + " rounds");
        for (int round = 0; round < runs + 1; round++) {
            Collections.rotate(names, 1);
            for (String name : names) {
                List<String> command = new ArrayList<>();
                command.add(java);
                command.addAll(setups.get(name));
                command.addAll(app);
                long start = System.nanoTime();
                long peak = run(command);
                double millis = (System.nanoTime() - start) / 1e6;
                if (round > 0) { // the first round warms the page cache
                    wall.get(name).add(millis);
                    rss.get(name).add(peak / 1024.0);
                }
            }
        }
        double baseWall = median(wall.get("no agent"));
        double baseRss = median(rss.get("no agent"));
        System.out.printf("%-30s %12s %10s %14s %10s%n", "set-up", "wall (ms)", "added", "peak RSS (MiB)", "added");
        for (String name : setups.keySet()) {
            double w = median(wall.get(name));
            double r = median(rss.get(name));
            System.out.printf("%-30s %12.0f %+10.0f %14.1f %+10.1f%n", name, w, w - baseWall, r, r - baseRss);
        }
        System.out.printf("jar sizes (MiB): bytemeter %.2f, OpenTelemetry agent %.2f, JMX exporter agent %.2f%n",
                mib(bytemeter), mib(otel), mib(jmx));
    }

    /** {@code "<class path> <main class> [JVM options...]"} as the command's tail: options first. */
    private static List<String> appCommand(String spec) {
        String[] parts = spec.trim().split("\\s+");
        List<String> command = new ArrayList<>();
        for (int i = 2; i < parts.length; i++) {
            command.add(parts[i]);
        }
        command.add("-cp");
        command.add(parts[0]);
        command.add(parts[1]);
        return command;
    }

    /** Runs the app to its end; returns the peak RSS it reported, in KiB, or 0 when it reports none. */
    private static long run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        long peak = -1;
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                output.append(line).append('\n');
                Matcher m = PEAK.matcher(line);
                if (m.find()) {
                    peak = Long.parseLong(m.group(1));
                }
            }
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the app failed: " + command + "\n" + output);
        }
        return Math.max(peak, 0);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double mib(Path jar) throws IOException {
        return Files.size(jar) / (1024.0 * 1024.0);
    }
}
