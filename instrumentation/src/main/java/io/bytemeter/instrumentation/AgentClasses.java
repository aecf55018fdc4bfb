package io.bytemeter.instrumentation;

/**
 * Where Byte Buddy reads the agent's own class files (advice, helper classes) from. The agent's
 * classes are defined by the boot loader (the agent jar is appended to its search path), and the
 * boot loader's resources, as Byte Buddy reads them, do not include a jar appended at run time;
 * the system class loader has the same jar on its class path, as it has every {@code -javaagent}
 * and attached jar.
 */
public final class AgentClasses {

    private AgentClasses() {}

    public static ClassLoader loader() {
        ClassLoader own = AgentClasses.class.getClassLoader();
        return own != null ? own : ClassLoader.getSystemClassLoader();
    }
}
