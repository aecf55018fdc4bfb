package io.bytemeter.agent;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points. Does as little as possible: puts the bootstrap API on the bootstrap
 * class path, then hands over to {@link AgentInstaller}. Nothing may escape: an exception out of
 * {@code premain} would kill the app.
 */
public final class BytemeterAgent {

    private BytemeterAgent() {}

    public static void premain(String arguments, Instrumentation instrumentation) {
        start(instrumentation);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(instrumentation);
    }

    private static void start(Instrumentation instrumentation) {
        try {
            BootstrapJar.appendTo(instrumentation);
            AgentInstaller.install(instrumentation, Config.fromSystem());
        } catch (Throwable t) {
            System.err.println("[bytemeter] ERROR the agent did not start; the app runs without it: " + t);
        }
    }
}
