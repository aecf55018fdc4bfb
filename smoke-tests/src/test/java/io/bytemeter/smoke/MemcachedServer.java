package io.bytemeter.smoke;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real memcached (Debian's {@code memcached} package, which {@code .ci/run} installs) on a
 * loopback port of its own, UDP off; stopped on close. The test reads its {@code stats} over a
 * plain socket, so that what the test asks the server is not itself something the agent measures.
 */
public final class MemcachedServer implements AutoCloseable {

    private final Process process;
    public final int port;

    private MemcachedServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static MemcachedServer start(Path dir) throws IOException, InterruptedException {
        int port = PrometheusServer.freePort();
        // memcached runs as root only when told which user to run as
        return new MemcachedServer(ServerProcesses.startListening(List.of("memcached", "-l", "127.0.0.1", "-p", Integer.toString(port),
                "-U", "0", "-m", "64", "-u", System.getProperty("user.name")), port, dir.resolve("memcached.log"), "memcached"), port);
    }

    /** The server's own counts: {@code get_hits}, {@code get_misses}, {@code cmd_set}, {@code delete_hits}, ... */
    public Map<String, Long> stats() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            Map<String, Long> stats = new LinkedHashMap<>();
            for (String line = in.readLine(); line != null && !line.equals("END"); line = in.readLine()) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("STAT") && parts[2].matches("\\d+")) {
                    stats.put(parts[1], Long.parseLong(parts[2]));
                }
            }
            return stats;
        }
    }

    @Override
    public void close() {
        ServerProcesses.stop(process);
    }
}
