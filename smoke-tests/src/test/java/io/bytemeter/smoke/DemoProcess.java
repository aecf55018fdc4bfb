package io.bytemeter.smoke;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A demo app running in its own JVM, as a user would start it: {@code java -javaagent:... -jar app.jar}.
 * Collects its output lines, finds the agent's metrics port in the agent's log, and parses the
 * "counts:" line the app prints when its workload is done.
 */
public final class DemoProcess implements AutoCloseable {

    public static final Path AGENT_JAR = existing(System.getProperty("bytemeter.agent.jar"));
    /** The {@code java} of the JDK the tests run on. */
    public static final Path JAVA = Paths.get(System.getProperty("java.home"), "bin", "java");
    public static final Path DEMO_APPS = Paths.get(System.getProperty("demo.apps.dir"));
    private static final Pattern METRICS_URL = Pattern.compile("serving metrics on https?://[^:]+:(\\d+)/metrics");
    /** How long to wait for an app's line or exit: 90 s, longer for the load tests ({@code -Psoak}). */
    private static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("smoke.timeout.seconds", 90));

    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private DemoProcess(List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        process = builder.start();
        pump(process.getInputStream());
        pump(process.getErrorStream());
    }

    /** Starts {@code demo-apps/<name>/target/<name>.jar} with the agent and its settings file, plus {@code extra} JVM options. */
    public static DemoProcess startDemo(String name, String... extra) throws IOException {
        return startDemo(JAVA, name, extra);
    }

    public static DemoProcess startDemo(Path java, String name, String... extra) throws IOException {
        return startDemo(java, Map.of(), name, extra);
    }

    /** As {@link #startDemo(String, String...)}, with environment variables added to the app's. */
    public static DemoProcess startDemo(Map<String, String> environment, String name, String... extra) throws IOException {
        return startDemo(JAVA, environment, name, extra);
    }

    private static DemoProcess startDemo(Path java, Map<String, String> environment, String name, String... extra)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-javaagent:" + AGENT_JAR);
        command.add("-Dbytemeter.config=" + settingsFile(name));
        command.add("-Dbytemeter.exporter.port=0");
        command.addAll(List.of(extra));
        command.add("-jar");
        command.add(existing(DEMO_APPS.resolve(name).resolve("target").resolve(name + ".jar").toString()).toString());
        return new DemoProcess(command, environment);
    }

    /** Starts a class from this module's test fixtures with the agent and {@code extra} JVM options. */
    public static DemoProcess startFixture(Class<?> main, String... extra) throws IOException {
        List<Path> classpath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (Files.exists(Paths.get(entry))) {
                classpath.add(Paths.get(entry));
            }
        }
        return startMain(classpath, main.getName(), extra);
    }

    /** Starts a class from this module's test fixtures with no agent (one may be attached later). */
    public static DemoProcess startFixtureWithoutAgent(Class<?> main) throws IOException {
        return new DemoProcess(List.of(JAVA.toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()), Map.of());
    }

    /**
     * The class path of a demo kept with its libraries in {@code target/lib} (run with {@code -cp}):
     * its jar, then {@code replacements} in place of the libraries whose file names start with
     * {@code replacedPrefixes}, then the rest of its libraries.
     */
    public static List<Path> libraryDemoClasspath(String demo, List<Path> replacements, String... replacedPrefixes) throws IOException {
        Path target = DEMO_APPS.resolve(demo).resolve("target");
        List<Path> classpath = new ArrayList<>();
        classpath.add(target.resolve(demo + ".jar"));
        classpath.addAll(replacements);
        try (Stream<Path> files = Files.list(target.resolve("lib"))) {
            files.sorted()
                    .filter(p -> Arrays.stream(replacedPrefixes).noneMatch(prefix -> p.getFileName().toString().startsWith(prefix)))
                    .forEach(classpath::add);
        }
        return classpath;
    }

    /** Starts a demo with no agent (one may be attached later), under the JDK whose {@code java} is given. */
    public static DemoProcess startDemoWithoutAgent(Path java, String name, String... extra) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(List.of(extra));
        command.add("-jar");
        command.add(existing(DEMO_APPS.resolve(name).resolve("target").resolve(name + ".jar").toString()).toString());
        return new DemoProcess(command, Map.of());
    }

    /** The demo's own settings file, {@code demo-apps/<name>/bytemeter.properties}. */
    public static Path settingsFile(String name) {
        return existing(DEMO_APPS.resolve(name).resolve("bytemeter.properties").toString());
    }

    /** Starts {@code mainClass} on {@code classpath} with the agent, no settings file, and {@code extra} JVM options. */
    public static DemoProcess startMain(List<Path> classpath, String mainClass, String... extra) throws IOException {
        return startMain(JAVA, classpath, mainClass, extra);
    }

    /** As {@link #startMain(List, String, String...)}, under the JDK whose {@code java} is given. */
    public static DemoProcess startMain(Path jdkJava, List<Path> classpath, String mainClass, String... extra) throws IOException {
        return startMain(jdkJava, List.of(), classpath, mainClass, extra);
    }

    /** As {@link #startMain(List, String, String...)}, with {@code before} (another agent, say) ahead of the agent's flag. */
    public static DemoProcess startMain(List<String> before, List<Path> classpath, String mainClass, String... extra) throws IOException {
        return startMain(JAVA, before, classpath, mainClass, extra);
    }

    private static DemoProcess startMain(Path jdkJava, List<String> before, List<Path> classpath, String mainClass, String... extra)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(jdkJava.toString());
        command.addAll(before);
        command.add("-javaagent:" + AGENT_JAR);
        command.add("-Dbytemeter.exporter.port=0");
        command.addAll(List.of(extra));
        command.add("-cp");
        StringBuilder path = new StringBuilder();
        for (Path entry : classpath) {
            path.append(path.length() == 0 ? "" : java.io.File.pathSeparator).append(existing(entry.toString()));
        }
        command.add(path.toString());
        command.add(mainClass);
        return new DemoProcess(command, Map.of());
    }

    private static Path existing(String path) {
        Path p = Paths.get(path);
        if (!Files.exists(p)) {
            throw new IllegalStateException(p + " does not exist: run the build from the top (mvn -B verify)");
        }
        return p;
    }

    private void pump(InputStream stream) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    /** The first output line matching {@code pattern}, waiting for it; fails with the output so far. */
    public Matcher awaitLine(Pattern pattern) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher m = pattern.matcher(lines.get(seen));
                    if (m.find()) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && seen == lines.size() && waitedForPumps())) {
                    fail("no line matching " + pattern + " in the output:\n" + output());
                }
                try {
                    lines.wait(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(left))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail("interrupted");
                }
            }
        }
    }

    private boolean waitedForPumps() {
        try {
            lines.wait(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    public boolean hasLine(String fragment) {
        synchronized (lines) {
            return lines.stream().anyMatch(l -> l.contains(fragment));
        }
    }

    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** The agent's metrics port, from its "serving metrics on" log line. */
    public int metricsPort() {
        return Integer.parseInt(awaitLine(METRICS_URL).group(1));
    }

    /** The app's own counts: the {@code key=value} pairs of its "counts:" line. */
    public Map<String, Long> counts() {
        String line = awaitLine(Pattern.compile("counts: (.*)$")).group(1);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String pair : line.trim().split("\\s+")) {
            String[] kv = pair.split("=", 2);
            counts.put(kv[0], Long.parseLong(kv[1]));
        }
        return counts;
    }

    public Scrape scrape() throws IOException {
        return Scrape.of(metricsPort());
    }

    /** Waits for the app to exit by itself and returns its exit code. */
    public int awaitExit() throws InterruptedException {
        assertTrue(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the app did not exit:\n" + output());
        return process.exitValue();
    }

    /** Writes a line to the app's standard input. */
    public void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
