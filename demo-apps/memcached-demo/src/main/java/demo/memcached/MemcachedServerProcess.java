package demo.memcached;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The memcached server a demo talks to: the one at {@code -Ddemo.memcached.port} on this machine,
 * or else a {@code memcached} of its own on a free loopback port (UDP off, 64 MB), stopped when the
 * demo ends. Its {@code stats} are read over a plain socket, so that what the demo asks the server
 * about itself is not a call the agent measures.
 */
final class MemcachedServerProcess implements AutoCloseable {

    final int port;
    private final Process process;

    private MemcachedServerProcess(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static MemcachedServerProcess startOrUse() throws IOException, InterruptedException {
        Integer given = Integer.getInteger("demo.memcached.port");
        if (given != null) {
            return new MemcachedServerProcess(given, null);
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = Files.createTempFile("memcached-demo", ".log");
        // memcached refuses to run as root unless told which user to run as
        Process process = new ProcessBuilder("memcached", "-l", "127.0.0.1", "-p", Integer.toString(port), "-U", "0",
                "-m", "64", "-u", System.getProperty("user.name"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        MemcachedServerProcess server = new MemcachedServerProcess(port, process);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                server.stats();
                break;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("memcached did not start on port " + port + "; see " + log);
                }
                Thread.sleep(50);
            }
        }
        System.out.println("started memcached on 127.0.0.1:" + port);
        return server;
    }

    /** The server's own {@code stats}: {@code get_hits}, {@code get_misses}, {@code cmd_set}, ... */
    Map<String, String> stats() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            Map<String, String> stats = new LinkedHashMap<>();
            for (String line = in.readLine(); line != null && !line.equals("END"); line = in.readLine()) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("STAT")) {
                    stats.put(parts[1], parts[2]);
                }
            }
            return stats;
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }
}
