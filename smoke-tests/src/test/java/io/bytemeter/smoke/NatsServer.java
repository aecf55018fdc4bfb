package io.bytemeter.smoke;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real NATS server (Debian's {@code nats-server} package, which {@code .ci/run} installs) on a loopback port of its own; stopped on close. */
public final class NatsServer implements AutoCloseable {

    private final Process process;
    public final int port;

    private NatsServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static NatsServer start(Path dir) throws IOException, InterruptedException {
        int port = PrometheusServer.freePort();
        Path log = dir.resolve("nats-server.log");
        Process process = new ProcessBuilder("nats-server", "-a", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        NatsServer server = new NatsServer(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return server;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    server.close();
                    throw new IllegalStateException("nats-server did not start:\n" + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
