package io.bytemeter.smoke;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real RocketMQ name server and broker (and, for the 5.x gRPC client, a proxy), started by the
 * rocketmq-demo's {@code RocketMqServer} from the RocketMQ 5.3 jars in its {@code target/lib}, in
 * JVMs of their own with no agent, on free ports; stopped on close. What the broker itself counted comes from the demo's
 * {@code BrokerCounts}, RocketMQ's admin API run in a JVM of its own.
 */
public final class RocketMqBroker implements AutoCloseable {

    private static final Pattern NAME_SERVER = Pattern.compile("rocketmq-server: name server (\\S+)");
    private static final Pattern PROXY = Pattern.compile("rocketmq-server: proxy (\\S+)");
    private static final Pattern COUNTS = Pattern.compile("broker counts:(.*)");

    private final Process process;
    public final String nameServer;
    /** The proxy's gRPC endpoint, when started with one. */
    public final String proxy;
    private final Path dir;

    private RocketMqBroker(Process process, String nameServer, String proxy, Path dir) {
        this.process = process;
        this.nameServer = nameServer;
        this.proxy = proxy;
        this.dir = dir;
    }

    public static RocketMqBroker start(Path dir) throws IOException, InterruptedException {
        return start(dir, false);
    }

    /** With {@code proxy}, a proxy too, for the 5.x gRPC client. */
    public static RocketMqBroker start(Path dir, boolean proxy) throws IOException, InterruptedException {
        Path log = dir.resolve("rocketmq-server.log");
        List<String> command = command("demo.rocketmq.RocketMqServer");
        if (proxy) {
            command.add("--proxy");
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            String output = Files.readString(log);
            Matcher started = NAME_SERVER.matcher(output);
            if (started.find()) {
                Matcher proxied = PROXY.matcher(output);
                return new RocketMqBroker(process, started.group(1), proxied.find() ? proxied.group(1) : null, dir);
            }
            if (System.nanoTime() > deadline || !process.isAlive()) {
                ServerProcesses.stop(process);
                throw new IllegalStateException("RocketMQ did not start:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    /**
     * The broker's counts of {@code topics} (messages stored) and of {@code groups} (offsets committed
     * per topic; {@code group:topic} for a gRPC client's group, which pops its messages).
     */
    public Map<String, Long> counts(List<String> topics, List<String> groups) throws IOException, InterruptedException {
        List<String> command = command("demo.rocketmq.BrokerCounts");
        command.add(nameServer);
        command.addAll(topics);
        command.add("--");
        command.addAll(groups);
        Path log = dir.resolve("broker-counts.log");
        Process counts = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!counts.waitFor(60, TimeUnit.SECONDS)) {
            counts.destroyForcibly();
        }
        Matcher line = COUNTS.matcher(Files.readString(log));
        if (!line.find()) {
            throw new IllegalStateException("no broker counts:\n" + Files.readString(log));
        }
        Map<String, Long> result = new LinkedHashMap<>();
        for (String pair : line.group(1).trim().split("\\s+")) {
            String[] kv = pair.split("=", 2);
            result.put(kv[0], Long.parseLong(kv[1]));
        }
        return result;
    }

    private static List<String> command(String main) {
        Path target = DemoProcess.DEMO_APPS.resolve("rocketmq-demo/target").toAbsolutePath();
        return new ArrayList<>(List.of(DemoProcess.JAVA.toString(), "-Xmx256m", "-cp",
                target.resolve("rocketmq-demo.jar") + ":" + target.resolve("lib") + "/*", main));
    }

    /** Stops the name server and broker: their parent stops each in turn as it exits, which can take longer than a plain server. */
    @Override
    public void close() {
        ServerProcesses.stop(process, 40);
    }
}
