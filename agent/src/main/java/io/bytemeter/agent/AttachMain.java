package io.bytemeter.agent;

import java.io.File;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * {@code java -jar bytemeter-agent.jar attach <pid> [key=value ...]} loads the agent into a
 * running JVM (through byte-buddy-agent, which uses the JDK's attach API); classes loaded already
 * are retransformed. {@code list} shows the JVMs one can attach to. The settings given here rank
 * above the target's system properties.
 */
public final class AttachMain {

    private static final String USAGE = "usage: java -jar bytemeter-agent.jar list\n"
            + "       java -jar bytemeter-agent.jar attach <pid> [key=value ...]";

    private AttachMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("list")) {
            list();
        } else if (args.length >= 2 && args[0].equals("attach") && args[1].matches("\\d+")) {
            List<String> settings = Arrays.asList(args).subList(2, args.length);
            for (String setting : settings) {
                if (setting.indexOf('=') <= 0) {
                    fail("'" + setting + "' is not key=value\n" + USAGE);
                }
            }
            ByteBuddyAgent.attach(agentJar(), args[1], String.join("\n", settings));
            System.out.println("bytemeter attached to " + args[1] + "; the agent logs to that JVM's standard error");
        } else {
            fail(USAGE);
        }
    }

    /** Through the JDK's attach API, which a JDK (not a JRE) has. */
    private static void list() throws ReflectiveOperationException {
        Class<?> virtualMachine = Class.forName("com.sun.tools.attach.VirtualMachine");
        for (Object descriptor : (List<?>) virtualMachine.getMethod("list").invoke(null)) {
            Class<?> type = descriptor.getClass();
            System.out.println(type.getMethod("id").invoke(descriptor) + " " + type.getMethod("displayName").invoke(descriptor));
        }
    }

    private static File agentJar() throws URISyntaxException {
        return new File(AttachMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
