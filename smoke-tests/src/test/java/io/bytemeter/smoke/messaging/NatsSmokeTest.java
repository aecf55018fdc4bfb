package io.bytemeter.smoke.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.NatsServer;
import io.bytemeter.smoke.Scrape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NATS against a real {@code nats-server}: messages and bytes sent and received per subject equal
 * the demo's own counts (a dispatcher, a synchronous subscriber, request-reply with replies under
 * {@code _INBOX}), with nothing but {@code -javaagent}; publishes on a closed connection are errors
 * while the app carries on. Under the demo's jnats 2.24.0 and the older 2.16.14.
 */
class NatsSmokeTest extends AbstractMessagingSmokeTest {

    private static final List<String> SUBJECTS = List.of("orders.created", "orders.paid", "audit", "prices.quote", "_INBOX");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"2.24.0", "2.16.14"})
    void sentAndReceivedPerSubjectEqualTheAppsCounts(String version) throws Exception {
        List<Path> classpath = demoClasspath("nats-demo", "jnats", version, "2.24.0");
        try (NatsServer server = NatsServer.start(dir);
                DemoProcess demo = DemoProcess.startMain(classpath, "demo.nats.NatsDemo", "-Ddemo.nats.port=" + server.port)) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            for (String subject : SUBJECTS) {
                assertTrue(counts.get("sent." + subject) > 0, subject);
            }
            assertFlows(scrape, SUBJECTS.stream().map(subject -> Flow.of(subject, counts.get("sent." + subject),
                    counts.get("sent_bytes." + subject), counts.get("received." + subject), counts.get("received_bytes." + subject)))
                    .collect(Collectors.toList()));
            assertEquals(counts.get("closed_errors"), scrape.count("messaging_client_operation_errors_total", "messaging_system", "nats",
                    "error_type", "java.lang.IllegalStateException"));
            assertEquals(5, counts.get("closed_errors"));
            assertHealthy(demo, scrape);
        }
    }

    @Override
    String system() {
        return "nats";
    }
}
