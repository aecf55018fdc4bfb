package io.bytemeter.smoke.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/compose.yaml} cannot run here (no Docker): its files are checked instead. Every
 * file or folder it mounts exists; Prometheus loads the alert rules {@code AlertRulesTest}
 * validates and scrapes the app; Grafana's provider reads the dashboards folder
 * {@code PromqlSmokeTest} validates; and the Prometheus configuration passes {@code promtool}.
 */
class DeployStackTest {

    private static final Path REPOSITORY = DemoProcess.DEMO_APPS.getParent().toAbsolutePath().normalize();
    private static final Path DEPLOY = REPOSITORY.resolve("deploy");
    private static final Pattern VOLUME = Pattern.compile("^\\s+- (\\.{1,2}/[^:]+):([^:]+)(:ro)?$");

    @Test
    void everyMountedFileExistsAndIsTheOneTheTestsValidate() throws Exception {
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DEPLOY.resolve("compose.yaml"))) {
            Matcher m = VOLUME.matcher(line);
            if (m.matches()) {
                mounts.put(m.group(2), DEPLOY.resolve(m.group(1)).normalize());
            }
        }
        assertEquals(7, mounts.size(), "the mounts of compose.yaml: " + mounts);
        List<String> missing = new ArrayList<>();
        mounts.forEach((inside, host) -> {
            if (!Files.exists(host) && !host.endsWith("bytemeter-agent.jar")) {
                missing.add(host.toString());
            }
        });
        assertTrue(missing.isEmpty(), "mounted but missing: " + missing);
        assertTrue(Files.exists(REPOSITORY.resolve("agent/target/bytemeter-agent.jar")), "the build makes the agent jar it mounts");

        assertEquals(REPOSITORY.resolve("alerts/bytemeter-alerts.yml"), mounts.get("/etc/prometheus/rules/bytemeter-alerts.yml"));
        String prometheus = Files.readString(DEPLOY.resolve("prometheus.yml"));
        assertTrue(prometheus.contains("- /etc/prometheus/rules/bytemeter-alerts.yml"), prometheus);
        assertTrue(prometheus.contains("\"app:9464\""), prometheus);
        assertEquals(REPOSITORY.resolve("dashboards"), mounts.get("/var/lib/grafana/dashboards/bytemeter"));
        assertTrue(Files.readString(DEPLOY.resolve("grafana/dashboards.yaml")).contains("path: /var/lib/grafana/dashboards/bytemeter"));
        assertTrue(Files.readString(DEPLOY.resolve("grafana/datasources.yaml")).contains("url: http://prometheus:9090"));

        Process check = new ProcessBuilder("promtool", "check", "config", "--syntax-only", DEPLOY.resolve("prometheus.yml").toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertEquals(0, check.waitFor(), output);
    }
}
