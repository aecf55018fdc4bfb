package demo.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Redis server a demo talks to: the one at {@code -Ddemo.redis.port} on this machine, or else a
 * {@code redis-server} of its own on a free loopback port, with nothing saved to disk, stopped when
 * the demo ends.
 */
final class RedisServerProcess implements AutoCloseable {

    final int port;
    private final Process process;

    private RedisServerProcess(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static RedisServerProcess startOrUse() throws IOException, InterruptedException {
        Integer given = Integer.getInteger("demo.redis.port");
        if (given != null) {
            return new RedisServerProcess(given, null);
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path dir = Files.createTempDirectory("redis-demo");
        Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        RedisServerProcess server = new RedisServerProcess(port, process);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!server.answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("redis-server did not start on port " + port + "; see " + dir.resolve("redis.log"));
            }
            Thread.sleep(50);
        }
        System.out.println("started redis-server on 127.0.0.1:" + port);
        return server;
    }

    private boolean answersPing() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            return in.readNBytes(reply, 0, 7) == 7 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }
}
