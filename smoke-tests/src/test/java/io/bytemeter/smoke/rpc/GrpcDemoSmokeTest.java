package io.bytemeter.smoke.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.Scrape;
import io.bytemeter.smoke.fixtures.SmallGrpcApp;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gRPC key-value demo with nothing but {@code -javaagent}, on shaded and plain Netty over
 * loopback and in-process, under grpc-java 1.85 and 1.60, with unary and all three kinds of
 * streaming calls: calls by method and status equal the client's own counts and the server
 * handlers', messages equal what each side sent, calls in flight go back to zero, durations are
 * sensible.
 */
public class GrpcDemoSmokeTest {

    private static final Path MATRIX = Paths.get(System.getProperty("matrix.dir"));
    private static final String MAIN = "demo.grpc.GrpcDemo";
    private static final String KV = "kv.KeyValue/";

    public static List<Path> classpath(String version) throws IOException {
        if (version.equals("1.60.0")) {
            return DemoProcess.libraryDemoClasspath("grpc-demo", List.of(MATRIX.resolve("grpc-api-1.60.0.jar"),
                    MATRIX.resolve("grpc-core-1.60.0.jar"), MATRIX.resolve("grpc-netty-shaded-1.60.0.jar"),
                    MATRIX.resolve("grpc-inprocess-1.60.0.jar"), MATRIX.resolve("grpc-stub-1.60.0.jar"),
                    MATRIX.resolve("grpc-util-1.60.0.jar")), "grpc-");
        }
        return DemoProcess.libraryDemoClasspath("grpc-demo", List.of());
    }

    @ParameterizedTest
    @CsvSource({"netty,1.85.1", "netty-plain,1.85.1", "inprocess,1.85.1", "netty,1.60.0", "inprocess,1.60.0"})
    void callsByMethodAndStatusEqualTheAppsOwnCounts(String transport, String version) throws Exception {
        try (DemoProcess demo = DemoProcess.startMain(classpath(version), MAIN, "-Ddemo.transport=" + transport)) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = awaitNoCallsInFlight(demo);

            for (Map.Entry<String, Long> count : counts.entrySet()) {
                String[] key = count.getKey().split("\\.");
                if (key[0].equals("client") && !key[2].equals("messages") && !key[2].equals("requests")) {
                    assertEquals(count.getValue(), scrape.count("rpc_client_calls_total", "rpc_method", KV + key[1],
                            "rpc_response_status_code", key[2]), count.getKey());
                    assertEquals(count.getValue(), scrape.count("rpc_client_call_duration_seconds_count", "rpc_method", KV + key[1],
                            "rpc_response_status_code", key[2]), count.getKey());
                }
            }
            for (String streaming : new String[] {"Watch", "PutAll", "Sync"}) {
                assertEquals(counts.get("client." + streaming + ".messages"),
                        scrape.count("rpc_client_response_messages_total", "rpc_method", KV + streaming), streaming);
            }
            assertEquals(counts.get("server.PutAll.OK"), serverCalls(scrape, "PutAll", "OK"), "client streaming");
            assertEquals(counts.get("server.PutAll.requests"), scrape.count("rpc_server_request_messages_total", "rpc_method", KV + "PutAll"));
            assertEquals(counts.get("server.Sync.OK"), serverCalls(scrape, "Sync", "OK"), "bidirectional streaming");
            assertEquals(counts.get("server.Sync.requests"), scrape.count("rpc_server_request_messages_total", "rpc_method", KV + "Sync"));
            assertEquals(counts.get("server.Sync.responses"), scrape.count("rpc_server_response_messages_total", "rpc_method", KV + "Sync"));

            assertEquals(counts.get("server.Put.OK"), serverCalls(scrape, "Put", "OK"));
            assertEquals(counts.get("server.Delete.OK"), serverCalls(scrape, "Delete", "OK"));
            assertEquals(counts.get("server.Get.OK"), serverCalls(scrape, "Get", "OK"));
            assertEquals(counts.get("server.Get.NOT_FOUND"), serverCalls(scrape, "Get", "NOT_FOUND"));
            assertEquals(counts.get("server.Get.threw"), serverCalls(scrape, "Get", "UNKNOWN"), "a handler that throws is UNKNOWN");
            assertEquals(counts.get("server.Watch.OK"), serverCalls(scrape, "Watch", "OK"));
            assertEquals(counts.get("server.Watch.forever"), serverCalls(scrape, "Watch", "CANCELLED"), "a client cancel is CANCELLED");
            // a call past its deadline: the server closes it as DEADLINE_EXCEEDED, or as CANCELLED when the client's
            // cancellation arrives first
            assertEquals(counts.get("server.Get.slow"), Math.round(scrape.sum("rpc_server_calls_total", "rpc_method", KV + "Get",
                    "rpc_response_status_code", "DEADLINE_EXCEEDED") + scrape.sum("rpc_server_calls_total", "rpc_method", KV + "Get",
                    "rpc_response_status_code", "CANCELLED")));
            assertEquals(counts.get("client.Scan.UNIMPLEMENTED"), scrape.count("rpc_server_calls_total", "rpc_method", "_other",
                    "rpc_response_status_code", "UNIMPLEMENTED"), "a method the server does not have is _other");
            assertTrue(!scrape.text.contains("rpc_server_calls_total{rpc_method=\"kv.KeyValue/Scan\""),
                    "no server series for an unknown method");
            assertTrue(scrape.count("rpc_server_response_messages_total", "rpc_method", KV + "Watch") >= counts.get("server.Watch.messages"));
            if (!transport.equals("inprocess")) {
                assertEquals(counts.get("server.Put.request_bytes"), scrape.count("rpc_server_request_bytes_total", "rpc_method", KV + "Put"));
            }
            assertTrue(scrape.count("rpc_server_open_connections") >= 1, "the client's connection is open");

            double p50 = scrape.quantile(0.5, "rpc_server_call_duration_seconds", "rpc_method", KV + "Put");
            double p99 = scrape.quantile(0.99, "rpc_client_call_duration_seconds", "rpc_method", KV + "Put");
            assertTrue(p50 > 0 && p50 < 0.05, "server Put p50=" + p50);
            assertTrue(p99 >= p50 && p99 < 1, "client Put p99=" + p99);
        }
    }

    private static long serverCalls(Scrape scrape, String method, String status) {
        return scrape.count("rpc_server_calls_total", "rpc_method", KV + method, "rpc_response_status_code", status);
    }

    /** The cancelled streams' handlers notice within milliseconds; until then their calls are in flight. */
    private static Scrape awaitNoCallsInFlight(DemoProcess demo) throws Exception {
        Scrape scrape = demo.scrape();
        for (int i = 0; i < 50 && Math.round(scrape.sum("rpc_server_active_calls")) != 0; i++) {
            Thread.sleep(100);
            scrape = demo.scrape();
        }
        assertEquals(0, Math.round(scrape.sum("rpc_server_active_calls")), "calls in flight once the workload is done:\n" + scrape.text);
        return scrape;
    }

    /** {@link SmallGrpcApp} on grpc-java 1.30.2, older than the agent knows. */
    public static List<Path> smallGrpcAppOn130() throws Exception {
        Path fixtures = Paths.get(SmallGrpcApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> classpath = DemoProcess.libraryDemoClasspath("grpc-demo", List.of(fixtures,
                MATRIX.resolve("grpc-api-1.30.2.jar"), MATRIX.resolve("grpc-core-1.30.2.jar"),
                MATRIX.resolve("grpc-context-1.30.2.jar"), MATRIX.resolve("grpc-stub-1.30.2.jar")), "grpc-");
        classpath.remove(0); // the demo's jar: only its third-party libraries (Guava, PerfMark...) are wanted
        return classpath;
    }

    @Test
    void aGrpcJavaOlderThanTheAgentKnowsIsSkippedWithOneLogLineAndWorks() throws Exception {
        try (DemoProcess app = DemoProcess.startMain(smallGrpcAppOn130(), SmallGrpcApp.class.getName())) {
            assertEquals(10, app.counts().get("echoed"), "grpc-java 1.30 works as without the agent");
            app.awaitLine(Pattern.compile(Pattern.quote("[bytemeter] WARN instrumentation grpc: skipped "
                    + "io.grpc.internal.AbstractServerImplBuilder, a version the agent does not know (it has no "
                    + "ServerImplBuilder, grpc-java 1.33 and later)")));
            assertEquals(1, app.output().lines().filter(l -> l.contains("instrumentation grpc: skipped")).count(), app.output());
            assertTrue(!app.scrape().text.contains("rpc_server_calls_total"), "its servers run unmeasured");
        }
    }
}
