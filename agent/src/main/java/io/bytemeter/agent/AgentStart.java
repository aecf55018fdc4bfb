package io.bytemeter.agent;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where {@link BytemeterAgent} hands over, in the boot loader's copy of the agent. Starts once per
 * JVM: a second {@code -javaagent} flag or attach finds it started and says so (each flag's
 * {@code BytemeterAgent} may be a class of its own, this one is the boot loader's only copy).
 */
public final class AgentStart {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private AgentStart() {}

    /** @param attachArguments the settings an attach passed, {@code null} for {@code -javaagent} */
    public static void start(Instrumentation instrumentation, String attachArguments) {
        if (!STARTED.compareAndSet(false, true)) {
            System.err.println("[bytemeter] WARN the agent is running in this JVM already; this "
                    + (attachArguments == null ? "-javaagent flag" : "attach") + " changes nothing");
            return;
        }
        try {
            AgentInstaller.install(instrumentation, attachArguments == null ? Config.fromSystem() : Config.fromSystem(attachArguments));
        } catch (Throwable t) {
            System.err.println("[bytemeter] ERROR the agent did not start; the app runs without it: " + t);
        }
    }
}
