package io.bytemeter.smoke;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

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
        return new NatsServer(ServerProcesses.startListening(List.of("nats-server", "-a", "127.0.0.1", "-p", Integer.toString(port)), port,
                dir.resolve("nats-server.log"), "nats-server"), port);
    }

    @Override
    public void close() {
        ServerProcesses.stop(process);
    }
}
