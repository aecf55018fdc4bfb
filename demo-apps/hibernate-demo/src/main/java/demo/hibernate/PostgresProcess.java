package demo.hibernate;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The PostgreSQL the demo uses: the one {@code -Ddemo.jdbc.url} names, else one of its own from
 * Debian's {@code postgresql} package, in a temporary directory on a free loopback port (as the
 * {@code postgres} user when the demo runs as root, which PostgreSQL refuses), stopped at exit.
 */
final class PostgresProcess implements AutoCloseable {

    final String jdbcUrl;
    private final Path bin;
    private final Path dir;

    private PostgresProcess(String jdbcUrl, Path bin, Path dir) {
        this.jdbcUrl = jdbcUrl;
        this.bin = bin;
        this.dir = dir;
    }

    static PostgresProcess startOrUse() throws IOException, InterruptedException {
        String url = System.getProperty("demo.jdbc.url");
        if (url != null) {
            return new PostgresProcess(url, null, null);
        }
        Path bin = serverBin();
        Path dir = Files.createTempDirectory("hibernate-demo-postgres");
        if (asRoot()) {
            run(List.of("chown", "postgres", dir.toString()));
        }
        run(asServerUser(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "postgres",
                "--no-sync", "-E", "UTF8"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PostgresProcess postgres = new PostgresProcess("jdbc:postgresql://127.0.0.1:" + port + "/postgres", bin, dir);
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
        run(asServerUser(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(),
                "-w", "-o", "-p " + port + " -k " + dir + " -h 127.0.0.1 -c fsync=off", "start"));
        try (Socket reachable = new Socket("127.0.0.1", port)) {
            System.out.println("hibernate-demo: started PostgreSQL on 127.0.0.1:" + port);
        }
        return postgres;
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin}. */
    private static Path serverBin() throws IOException {
        try (Stream<Path> versions = Files.list(Paths.get("/usr/lib/postgresql"))) {
            return versions.max(Comparator.comparing(p -> Integer.parseInt(p.getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL under /usr/lib/postgresql: apt-get install postgresql"))
                    .resolve("bin");
        }
    }

    private static boolean asRoot() {
        return System.getProperty("user.name").equals("root");
    }

    private static List<String> asServerUser(String... command) {
        List<String> line = new ArrayList<>();
        if (asRoot()) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        return line;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }

    @Override
    public synchronized void close() {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            run(asServerUser(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
        } catch (Exception e) {
            System.err.println("hibernate-demo: stopping PostgreSQL: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("hibernate-demo: removing " + dir + ": " + e.getMessage());
        }
    }
}
