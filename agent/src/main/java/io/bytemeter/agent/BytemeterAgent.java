package io.bytemeter.agent;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The agent's entry points: {@code -javaagent} (premain) and an attach to a running JVM
 * (agentmain, see {@link AttachMain}). Does as little as possible: puts the bootstrap API on the
 * bootstrap class path, then hands over to {@link AgentInstaller}. Starts once per JVM: a second
 * {@code -javaagent} flag or attach finds this class loaded already and says so. Nothing may
 * escape: an exception out of {@code premain} would kill the app.
 */
public final class BytemeterAgent {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private BytemeterAgent() {}

    public static void premain(String arguments, Instrumentation instrumentation) {
        start(instrumentation, null);
    }

    /** @param arguments the settings {@code attach} passed, one {@code key=value} per line */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(instrumentation, arguments == null ? "" : arguments);
    }

    private static void start(Instrumentation instrumentation, String attachArguments) {
        if (!STARTED.compareAndSet(false, true)) {
            System.err.println("[bytemeter] WARN the agent is running in this JVM already; this "
                    + (attachArguments == null ? "-javaagent flag" : "attach") + " changes nothing");
            return;
        }
        try {
            BootstrapJar.appendTo(instrumentation);
            AgentInstaller.install(instrumentation, attachArguments == null ? Config.fromSystem() : Config.fromSystem(attachArguments));
        } catch (Throwable t) {
            System.err.println("[bytemeter] ERROR the agent did not start; the app runs without it: " + t);
        }
    }
}
