package io.bytemeter.smoke.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.fixtures.SmallGrpcApp;
import io.bytemeter.smoke.fixtures.StreamingInboxApp;
import io.bytemeter.smoke.rpc.GrpcDemoSmokeTest;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each fault, run twice: the same app without the agent and with it, faulted. The app's exit code
 * and standard output must be the same (the agent logs to standard error), and the agent must
 * have met the fault (its log line says so), so that a case cannot pass by not happening. An
 * instrumented class loaded before premain is {@link OpenTelemetryAgentSmokeTest}'s case: that
 * agent, first, loads {@code UUID}.
 */
class FaultMatrixSmokeTest {

    /** One thread, fixed seeds: the cache demo prints the same counts on every run. */
    private static final List<String> CACHE_DEMO = List.of("-Ddemo.threads=1", "-Ddemo.ops=20000", "-Ddemo.exit=true",
            "-jar", DemoProcess.DEMO_APPS.resolve("cache-demo/target/cache-demo.jar").toString());
    private static final String CACHE_SETTINGS = "-Dbytemeter.config=" + DemoProcess.settingsFile("cache-demo");

    private record Run(int exit, String stdout, String stderr) {}

    @ParameterizedTest
    @ValueSource(strings = {"bad settings", "bad settings, strict", "port taken", "recorder throws", "unknown library version",
            "own OpenTelemetry SDK and Byte Buddy", "agent given twice", "temporary directory not writable", "security manager"})
    void theAppBehavesAsWithoutTheAgent(String fault) throws Exception {
        List<String> app = CACHE_DEMO;
        List<String> agent = new ArrayList<>(List.of("-javaagent:" + DemoProcess.AGENT_JAR, "-Dbytemeter.exporter.port=0", CACHE_SETTINGS));
        List<String> both = new ArrayList<>(); // JVM options of the fault itself, for the run without the agent too
        String expected;
        ServerSocket taken = null;
        switch (fault) {
            case "bad settings":
                agent.addAll(List.of("-Dbytemeter.exporter.port=http", "-Dbytemeter.timing.sample=often", "-Dbytemeter.cache.get=LruCache.get",
                        "-Dbytemeter.exporter.prot=9", "-Dbytemeter.instrumentation.cafeine.enabled=false"));
                expected = "[bytemeter] WARN setting bytemeter.exporter.port=http";
                break;
            case "bad settings, strict":
                agent.addAll(List.of("-Dbytemeter.timing.sample=often", "-Dbytemeter.strict=true"));
                expected = "the agent does not start; the app runs without it";
                break;
            case "port taken":
                taken = new ServerSocket(0);
                agent.add("-Dbytemeter.exporter.port=" + taken.getLocalPort());
                expected = "[bytemeter] ERROR cannot serve metrics on 0.0.0.0:" + taken.getLocalPort();
                break;
            case "recorder throws":
                app = List.of("-Ddemo.exit=true", "-cp", testClasspath(), StreamingInboxApp.class.getName());
                agent.add("-Dbytemeter.messaging.consume=" + StreamingInboxApp.Inbox.class.getName() + "#receive");
                expected = "[bytemeter] ERROR recorder error in messaging.consume";
                break;
            case "unknown library version":
                app = List.of("-Ddemo.exit=true", "-cp", GrpcDemoSmokeTest.smallGrpcAppOn130().stream().map(Path::toString)
                        .collect(Collectors.joining(File.pathSeparator)), SmallGrpcApp.class.getName());
                expected = "[bytemeter] WARN instrumentation grpc: skipped io.grpc.internal.AbstractServerImplBuilder";
                break;
            case "own OpenTelemetry SDK and Byte Buddy":
                app = List.of("-Ddemo.exit=true", "-jar", DemoProcess.DEMO_APPS.resolve("conflict-demo/target/conflict-demo.jar").toString());
                agent.set(2, "-Dbytemeter.config=" + DemoProcess.settingsFile("conflict-demo"));
                expected = "[bytemeter] INFO serving metrics on";
                break;
            case "agent given twice":
                agent.add("-javaagent:" + DemoProcess.AGENT_JAR);
                expected = "the agent is running in this JVM already; this -javaagent flag changes nothing";
                break;
            case "temporary directory not writable":
                both.add("-Djava.io.tmpdir=/proc"); // not writable even by root
                expected = "[bytemeter] INFO serving metrics on"; // the agent writes no file: its jar is on the boot path as it is
                break;
            case "security manager":
                assumeTrue(Runtime.version().feature() < 24, "Java 24 and later have no security manager to enable");
                // the app's own jar may do anything, as a real app's policy would say; the agent is granted nothing
                Path policy = Files.createTempFile("bytemeter-fault", ".policy");
                Files.writeString(policy, "grant codeBase \"file:" + DemoProcess.DEMO_APPS.resolve("cache-demo/target/cache-demo.jar")
                        + "\" { permission java.security.AllPermission; };\n");
                policy.toFile().deleteOnExit();
                both.addAll(List.of("-Djava.security.manager=default", "-Djava.security.policy==" + policy));
                // the first thing the agent does, finding its own jar to put it on the boot path, is refused
                expected = "[bytemeter] ERROR the agent did not start; the app runs without it: java.security.AccessControlException";
                break;
            default:
                throw new IllegalArgumentException(fault);
        }
        try {
            List<String> plain = new ArrayList<>(both);
            plain.addAll(app);
            Run without = run(plain);
            List<String> faulted = new ArrayList<>(both);
            faulted.addAll(agent);
            faulted.addAll(app);
            Run with = run(faulted);
            assertTrue(with.stderr.contains(expected), fault + ": the agent did not report the fault (" + expected + "):\n" + with.stderr);
            assertEquals(without.exit, with.exit, fault + ": exit code\n" + with.stderr);
            assertEquals(without.stdout, with.stdout, fault + ": the app's output\n" + with.stderr);
            assertFalse(with.stdout.isBlank(), fault + ": the app printed nothing:\n" + without.stderr);
        } finally {
            if (taken != null) {
                taken.close();
            }
        }
    }

    private static String testClasspath() {
        return System.getProperty("java.class.path");
    }

    private static Run run(List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(DemoProcess.JAVA.toString());
        command.addAll(options);
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not end: " + command);
        }
        return new Run(process.exitValue(), stdout.join(), stderr.join());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
