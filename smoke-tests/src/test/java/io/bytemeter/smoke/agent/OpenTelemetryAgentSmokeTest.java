package io.bytemeter.smoke.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.Scrape;
import io.bytemeter.smoke.cache.LibraryCacheSmokeTest;
import io.bytemeter.smoke.messaging.KafkaSmokeTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * bytemeter beside the OpenTelemetry Java agent (from Maven Central) on one JVM, its flag first
 * or second: the Kafka and library-cache demos' counts stay exact on bytemeter's endpoint, and
 * the OpenTelemetry agent's own Prometheus endpoint still answers on its port.
 */
class OpenTelemetryAgentSmokeTest {

    private static final Path OTEL_AGENT = Paths.get(System.getProperty("matrix.dir"), "opentelemetry-javaagent-2.33.1.jar");

    @ParameterizedTest
    @ValueSource(strings = {"otel-first", "bytemeter-first"})
    void libraryCachesStayExact(String order) throws Exception {
        int otelPort = freePort();
        try (DemoProcess demo = start(order, otelPort, LibraryCacheSmokeTest.classpath("current"), "demo.librarycache.LibraryCacheDemo")) {
            LibraryCacheSmokeTest.checkCounts(demo, "current");
            assertOpenTelemetryEndpointAnswers(otelPort);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"otel-first", "bytemeter-first"})
    void kafkaStaysExact(String order) throws Exception {
        int otelPort = freePort();
        try (DemoProcess demo = start(order, otelPort, KafkaSmokeTest.demoClasspath(null), "demo.kafka.OrderPipeline")) {
            demo.awaitLine(Pattern.compile("kafka-clients 4\\.3\\.1$"));
            if (order.equals("otel-first")) {
                // that agent loads UUID before bytemeter's premain: a class loaded before the agent, retransformed
                demo.awaitLine(Pattern.compile("retransformed [1-9]\\d* of the [1-9]\\d* candidate classes loaded before the agent started"));
            }
            new KafkaSmokeTest().checkPipeline(demo, true);
            assertOpenTelemetryEndpointAnswers(otelPort);
        }
    }

    /** Both agents, in {@code order}; the OpenTelemetry agent exports metrics only, to Prometheus on {@code otelPort}. */
    private static DemoProcess start(String order, int otelPort, List<Path> classpath, String main) throws IOException {
        List<String> otel = new ArrayList<>(List.of("-javaagent:" + OTEL_AGENT, "-Dotel.traces.exporter=none",
                "-Dotel.logs.exporter=none", "-Dotel.metrics.exporter=prometheus", "-Dotel.exporter.prometheus.port=" + otelPort));
        return order.equals("otel-first")
                ? DemoProcess.startMain(otel, classpath, main)
                : DemoProcess.startMain(classpath, main, otel.toArray(new String[0]));
    }

    private static void assertOpenTelemetryEndpointAnswers(int port) throws IOException {
        Scrape.Response response = Scrape.get(port, "/metrics", null);
        assertEquals(200, response.status());
        assertTrue(response.body().contains("target_info") || response.body().contains("jvm_"), response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
