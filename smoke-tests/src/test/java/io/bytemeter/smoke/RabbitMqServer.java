package io.bytemeter.smoke;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real RabbitMQ (Debian's {@code rabbitmq-server} package, which {@code .ci/run} installs) on
 * loopback ports of its own, run as the package's service wrapper would not let root run it: its
 * own {@code epmd}, its Erlang cookie, database and logs in {@code dir}; stopped on close (SIGTERM
 * makes it stop cleanly, in about 3 s). Accepts {@code guest}/{@code guest} from loopback.
 */
public final class RabbitMqServer implements AutoCloseable {

    private final Process epmd;
    private final Process broker;
    public final int port;
    private final Path log;

    private RabbitMqServer(Process epmd, Process broker, int port, Path log) {
        this.epmd = epmd;
        this.broker = broker;
        this.port = port;
        this.log = log;
    }

    public static RabbitMqServer start(Path dir) throws IOException, InterruptedException {
        int epmdPort = PrometheusServer.freePort();
        int port = PrometheusServer.freePort();
        int distPort = PrometheusServer.freePort();
        Process epmd = new ProcessBuilder("epmd", "-port", Integer.toString(epmdPort), "-address", "127.0.0.1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("epmd.log").toFile()).start();
        Files.writeString(dir.resolve("rabbitmq.conf"), "");
        Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
        Files.writeString(dir.resolve("enabled_plugins"), "[].");
        Path log = dir.resolve("rabbitmq.log");
        ProcessBuilder builder = new ProcessBuilder("/usr/lib/rabbitmq/bin/rabbitmq-server")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("HOME", dir.toString());
        env.put("ERL_EPMD_PORT", Integer.toString(epmdPort));
        env.put("RABBITMQ_NODENAME", "smoke" + port + "@localhost");
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
        env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_LOGS", "-");
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString());
        env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        RabbitMqServer server = new RabbitMqServer(epmd, builder.start(), port, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!server.listening()) {
            if (System.nanoTime() > deadline || !server.broker.isAlive()) {
                server.close();
                throw new IllegalStateException("rabbitmq-server did not start:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        return server;
    }

    private boolean listening() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stop(broker, 20);
        stop(epmd, 5);
    }

    /** SIGTERM, then, if it has not stopped in time, kills it and what it started. */
    private static void stop(Process process, int seconds) {
        process.destroy();
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
