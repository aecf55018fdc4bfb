package io.bytemeter.smoke.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The alert rules in {@code alerts/} load in Prometheus ({@code promtool check rules}) and each
 * fires on the series its unit test gives and stays silent on a healthy neighbour
 * ({@code promtool test rules}); promtool comes with Debian's {@code prometheus}, which
 * {@code .ci/run} installs.
 */
class AlertRulesTest {

    private static final Path ALERTS = DemoProcess.DEMO_APPS.getParent().resolve("alerts");

    @Test
    void theRulesLoadAndEachFiresOnlyWhereItShould() throws Exception {
        String checked = promtool("check", "rules", ALERTS.resolve("bytemeter-alerts.yml").toString());
        assertTrue(checked.contains("SUCCESS: 15 rules found"), checked);
        String tested = promtool("test", "rules", ALERTS.resolve("bytemeter-alerts.test.yml").toString());
        assertTrue(tested.contains("SUCCESS"), tested);
    }

    private static String promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ":\n" + output);
        return output;
    }
}
