package io.bytemeter.agent;

import io.bytemeter.instrumentation.AgentLog;
import io.bytemeter.instrumentation.MethodSpec;
import io.bytemeter.instrumentation.Role;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reports, once, each configured method spec that instrumented nothing by the end of start-up: a
 * class name with a typo, a class the app never loads, a method the class does not declare. App
 * classes load lazily, so "the end of start-up" is a delay after premain.
 */
final class UnmatchedSpecReport {

    private UnmatchedSpecReport() {}

    static void schedule(Map<Role, List<MethodSpec>> specs, int delaySeconds) {
        if (specs.values().stream().allMatch(List::isEmpty)) {
            return;
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bytemeter-unmatched-spec-report");
            thread.setDaemon(true);
            return thread;
        });
        timer.schedule(() -> {
            report(specs, delaySeconds);
            timer.shutdown();
        }, delaySeconds, TimeUnit.SECONDS);
    }

    static void report(Map<Role, List<MethodSpec>> specs, int delaySeconds) {
        specs.forEach((role, list) -> {
            for (MethodSpec spec : list) {
                if (!spec.hasMatched()) {
                    AgentLog.warn(role.settingKey() + ": " + spec + " matched no method within " + delaySeconds
                            + " s of start-up (class not loaded, misspelt, or without a concrete method of that name);"
                            + " nothing is recorded for it");
                }
            }
        });
    }
}
