package io.bytemeter.smoke;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starting and stopping the server processes tests run on loopback ports of their own. */
final class ServerProcesses {

    private ServerProcesses() {}

    /**
     * Starts {@code command} with its output in {@code log} and waits (15 s at most) until it listens
     * on 127.0.0.1:{@code port}; else stops it and fails with what it logged.
     */
    static Process startListening(List<String> command, int port, Path log, String name) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (Socket listening = new Socket("127.0.0.1", port)) {
                return process;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    stop(process);
                    throw new IllegalStateException(name + " did not start:\n" + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
    }

    /** Stops a server process and waits (10 s at most) for it to end. */
    static void stop(Process process) {
        stop(process, 10);
    }

    /** Stops a server process and waits ({@code seconds} at most) for it to end. */
    static void stop(Process process, int seconds) {
        process.destroy();
        try {
            process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
