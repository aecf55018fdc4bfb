package io.bytemeter.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.rubyeye.xmemcached.XMemcachedClient;
import net.spy.memcached.MemcachedClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A memcached hit ({@code get} of a present key) through spymemcached and through xmemcached,
 * against a {@code memcached} each fork starts on a free loopback port (Debian's package; the
 * benchmark fails without it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MemcachedBenchmark {

    private Process memcached;
    private MemcachedClient spymemcached;
    private XMemcachedClient xmemcached;

    @Setup
    public void start() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = Files.createTempFile("bench-memcached", ".log");
        memcached = new ProcessBuilder("memcached", "-l", "127.0.0.1", "-p", Integer.toString(port), "-U", "0", "-m", "64",
                "-u", System.getProperty("user.name")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        for (int tries = 0; ; tries++) {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                break;
            } catch (IOException notYet) {
                if (tries > 100) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
        spymemcached = new MemcachedClient(new InetSocketAddress("127.0.0.1", port));
        spymemcached.set("user-42", 0, "value-42").get();
        xmemcached = new XMemcachedClient("127.0.0.1", port);
    }

    @TearDown
    public void stop() throws IOException {
        spymemcached.shutdown(5, TimeUnit.SECONDS);
        xmemcached.shutdown();
        memcached.destroy();
    }

    @Benchmark
    public Object spymemcachedGet() {
        return spymemcached.get("user-42");
    }

    @Benchmark
    public Object xmemcachedGet() throws Exception {
        return xmemcached.get("user-42");
    }
}
