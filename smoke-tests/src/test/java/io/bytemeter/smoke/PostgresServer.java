package io.bytemeter.smoke;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real PostgreSQL (Debian's {@code postgresql} package, which {@code .ci/run} installs):
 * {@code initdb} in a temporary directory of its own and the server on a loopback port of its own,
 * both as the {@code postgres} user when the tests run as root (PostgreSQL refuses root). Stopped
 * and removed on close, and by a shutdown hook if the test JVM ends first. The test reads the
 * database with {@code psql}, so that what it asks is not itself something the agent measures.
 */
public final class PostgresServer implements AutoCloseable {

    private static final boolean ROOT = System.getProperty("user.name").equals("root");

    private final Path bin;
    private final Path dir;
    private final Thread stopAtExit = new Thread(this::stop);
    public final int port;

    private PostgresServer(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = serverBin();
        Path dir = Files.createTempDirectory("bytemeter-postgres");
        if (ROOT) {
            run(List.of("chown", "postgres", dir.toString()));
        }
        PostgresServer server = new PostgresServer(bin, dir, PrometheusServer.freePort());
        Runtime.getRuntime().addShutdownHook(server.stopAtExit);
        try {
            run(asServerUser(bin.resolve("initdb").toString(), "-D", server.data(), "-A", "trust", "-U", "postgres", "--no-sync",
                    "-E", "UTF8"));
            run(asServerUser(bin.resolve("pg_ctl").toString(), "-D", server.data(), "-l", dir.resolve("server.log").toString(), "-w",
                    "-t", "30", "-o", "-p " + server.port + " -k " + dir + " -h 127.0.0.1 -c fsync=off", "start"));
            new Socket("127.0.0.1", server.port).close();
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The URL an app connects with, as user {@code postgres} with no password. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** The rows {@code sql} returns, each with its columns separated by {@code |}. */
    public List<String> query(String sql) throws IOException, InterruptedException {
        String out = run(List.of(bin.resolve("psql").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres",
                "-d", "postgres", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql));
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    /** The one number {@code sql} returns. */
    public long queryLong(String sql) throws IOException, InterruptedException {
        List<String> rows = query(sql);
        if (rows.size() != 1) {
            throw new IllegalStateException(sql + " returned " + rows);
        }
        return Long.parseLong(rows.get(0).trim());
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private static Path serverBin() throws IOException {
        Path versions = Paths.get("/usr/lib/postgresql");
        if (!Files.isDirectory(versions)) {
            throw new IllegalStateException("no PostgreSQL server under " + versions + ": apt-get install postgresql");
        }
        try (Stream<Path> each = Files.list(versions)) {
            return each.max(Comparator.comparing(p -> Integer.parseInt(p.getFileName().toString()))).orElseThrow().resolve("bin");
        }
    }

    private static List<String> asServerUser(String... command) {
        List<String> line = new ArrayList<>();
        if (ROOT) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        return line;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    private synchronized void stop() {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
                run(asServerUser(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop"));
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("stopping PostgreSQL in " + dir + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("removing " + dir + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException exiting) {
            // the hook is running or has run
        }
    }
}
