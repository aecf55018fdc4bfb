package demo.rocketmq;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * A RocketMQ name server and one broker, each a JVM of its own started from RocketMQ's own start-up
 * classes ({@code NamesrvStartup}, {@code BrokerStartup}) on this JVM's class path, on free ports,
 * storing under a temporary directory; the demo's topics made through the admin API (four queues
 * each, for normal messages) before anyone uses them. (Run in one JVM, the broker did not register
 * with its name server here.) With a proxy ({@code ProxyStartup} in cluster mode, a third JVM), the
 * 5.x gRPC client can connect too: the proxy's local mode, which runs a broker inside it, did not
 * find its topics' routes here either. Run as a program ({@code main}, {@code --proxy} for a proxy)
 * it prints the name server's address (and the proxy's) and serves until stopped; the smoke tests
 * start it so, apart from the app, whose client may be another version.
 */
public final class RocketMqServer implements AutoCloseable {

    /** The topics the demo sends to. */
    static final List<String> TOPICS = List.of("orders", "payments", "audit");
    private static final String CLUSTER = "DemoCluster";

    final String nameServer;
    /** The proxy's gRPC endpoint, or null when started without one. */
    final String proxy;
    private final List<Process> processes;

    private RocketMqServer(String nameServer, String proxy, List<Process> processes) {
        this.nameServer = nameServer;
        this.proxy = proxy;
        this.processes = processes;
    }

    public static void main(String[] args) throws Exception {
        RocketMqServer server = start(Files.createTempDirectory("rocketmq"), List.of(args).contains("--proxy"));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        if (server.proxy != null) {
            System.out.println("rocketmq-server: proxy " + server.proxy);
        }
        System.out.println("rocketmq-server: name server " + server.nameServer);
        Thread.currentThread().join();
    }

    static RocketMqServer start(Path dir) throws Exception {
        return start(dir, false);
    }

    static RocketMqServer start(Path dir, boolean withProxy) throws Exception {
        List<Process> processes = new ArrayList<>();
        try {
            int namesrvPort = freePort();
            Path namesrvConfig = dir.resolve("namesrv.properties");
            Files.writeString(namesrvConfig, "listenPort=" + namesrvPort + "\n");
            processes.add(launch(dir, "namesrv", "org.apache.rocketmq.namesrv.NamesrvStartup", "-c", namesrvConfig.toString()));
            awaitLine(dir.resolve("namesrv.log"), "boot success", processes.get(0));
            String nameServer = "127.0.0.1:" + namesrvPort;

            // the broker listens on its port, on the port two below (its "fast" channel) and on the port above (replication);
            // the gRPC clients' consumers pop messages, which it serves only with its timer wheel on
            int brokerPort = brokerPort();
            Path brokerConfig = dir.resolve("broker.properties");
            Files.writeString(brokerConfig, String.join("\n", "brokerClusterName=" + CLUSTER, "brokerName=demo-broker", "brokerId=0",
                    "brokerIP1=127.0.0.1", "listenPort=" + brokerPort, "haListenPort=" + (brokerPort + 1), "namesrvAddr=" + nameServer,
                    "storePathRootDir=" + dir.resolve("store"), "storePathCommitLog=" + dir.resolve("store").resolve("commitlog"),
                    "mappedFileSizeCommitLog=67108864", "timerWheelEnable=" + withProxy, "autoCreateTopicEnable=true") + "\n");
            processes.add(launch(dir, "broker", "org.apache.rocketmq.broker.BrokerStartup", "-c", brokerConfig.toString()));
            awaitLine(dir.resolve("broker.log"), "boot success", processes.get(1));
            createTopics(nameServer, "127.0.0.1:" + brokerPort);
            String proxy = null;
            if (withProxy) {
                int grpcPort = freePort();
                Path proxyConfig = dir.resolve("proxy.json");
                Files.writeString(proxyConfig, "{\"rocketMQClusterName\":\"" + CLUSTER + "\",\"namesrvAddr\":\"" + nameServer
                        + "\",\"grpcServerPort\":" + grpcPort + ",\"remotingListenPort\":" + freePort() + ",\"proxyMode\":\"cluster\"}\n");
                processes.add(launch(dir, "proxy", "org.apache.rocketmq.proxy.ProxyStartup", "-pm", "cluster", "-pc", proxyConfig.toString()));
                awaitLine(dir.resolve("proxy.log"), "startup successfully", processes.get(2));
                proxy = "127.0.0.1:" + grpcPort;
            }
            return new RocketMqServer(nameServer, proxy, processes);
        } catch (Exception | Error e) {
            processes.forEach(Process::destroyForcibly);
            throw e;
        }
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Process launch(Path dir, String name, String main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Duser.home=" + dir, "-Drocketmq.home.dir=" + dir, "-cp", System.getProperty("java.class.path"), main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    private static void awaitLine(Path log, String text, Process process) throws IOException, InterruptedException {
        for (int tries = 0; tries < 600; tries++) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("RocketMQ exited at start: see " + log);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("RocketMQ did not start within 30 seconds: see " + log);
    }

    private static void createTopics(String nameServer, String broker) throws Exception {
        DefaultMQAdminExt admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(nameServer);
        admin.setInstanceName("demo-topics");
        admin.start();
        try {
            for (String topic : TOPICS) {
                TopicConfig config = new TopicConfig(topic, 4, 4, 6);
                // the gRPC client's producer sends only to a topic that says which messages it takes
                config.setAttributes(Map.of("+message.type", "NORMAL"));
                admin.createAndUpdateTopicConfig(broker, config);
            }
            // the broker tells its name server of new topics at once; wait until clients can find them
            for (String topic : TOPICS) {
                for (int tries = 0; ; tries++) {
                    try {
                        admin.examineTopicRouteInfo(topic);
                        break;
                    } catch (Exception notYet) {
                        if (tries > 100) {
                            throw notYet;
                        }
                        Thread.sleep(100);
                    }
                }
            }
        } finally {
            admin.shutdown();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A free port whose neighbours two below and one above are free too. */
    private static int brokerPort() throws IOException {
        for (int tries = 0; ; tries++) {
            int port = freePort();
            if (port > 1024 && free(port - 2) && free(port + 1)) {
                return port;
            }
            if (tries > 50) {
                throw new IllegalStateException("no free port with free neighbours for the RocketMQ broker");
            }
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
