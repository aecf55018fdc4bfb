package io.bytemeter.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * The agent's entry points: {@code -javaagent} (premain) and an attach to a running JVM
 * (agentmain, see {@link AttachMain}). The JVM loads this class through the system class loader;
 * it appends the agent jar to the bootstrap class path and hands over to {@link AgentStart},
 * which the boot loader then defines, with every other class of the agent. Classes the boot
 * loader defines are not verified and are read by the JVM's own zip code rather than by the
 * system class loader's Java code, run interpreted at start-up: the roughly 750 classes of Byte
 * Buddy's first transformation load in a quarter of the time. The bootstrap API (the recorders
 * advice calls) is in the same jar, so it resolves from every class loader. Nothing may escape:
 * an exception out of {@code premain} would kill the app.
 */
public final class BytemeterAgent {

    private BytemeterAgent() {}

    public static void premain(String arguments, Instrumentation instrumentation) {
        start(instrumentation, null);
    }

    /** @param arguments the settings {@code attach} passed, one {@code key=value} per line */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(instrumentation, arguments == null ? "" : arguments);
    }

    /** Only this class and the JDK's are used here: the boot loader's copy of this package is another runtime package. */
    private static void start(Instrumentation instrumentation, String attachArguments) {
        try {
            if (BytemeterAgent.class.getClassLoader() != null) { // else the jar is on the boot path already
                File jar = new File(BytemeterAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            }
            Class.forName("io.bytemeter.agent.AgentStart", true, null)
                    .getMethod("start", Instrumentation.class, String.class)
                    .invoke(null, instrumentation, attachArguments);
        } catch (Throwable t) {
            System.err.println("[bytemeter] ERROR the agent did not start; the app runs without it: " + t);
        }
    }
}
