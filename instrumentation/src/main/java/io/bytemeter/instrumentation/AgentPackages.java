package io.bytemeter.instrumentation;

import java.util.List;

/**
 * The agent's own packages: never instrumented, and never taken for app code when the agent looks
 * at a stack. Only these: an app may well live under {@code io.bytemeter} too.
 */
public final class AgentPackages {

    public static final List<String> PREFIXES = List.of(
            "io.bytemeter.agent.", "io.bytemeter.bootstrap.", "io.bytemeter.instrumentation.", "io.bytemeter.shaded.");

    private AgentPackages() {}

    public static boolean contains(String className) {
        for (String prefix : PREFIXES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
