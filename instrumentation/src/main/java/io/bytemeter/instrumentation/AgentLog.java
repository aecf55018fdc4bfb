package io.bytemeter.instrumentation;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The agent's log: one line per event on standard error, prefixed {@code [bytemeter]}, so that a
 * user can grep it out of the app's own output. No logging framework: the app may have its own,
 * configured its own way.
 */
public final class AgentLog {

    /** Levels in increasing severity; a line is printed when its level is at least the threshold. */
    public enum Level { DEBUG, INFO, WARN, ERROR, OFF }

    private static volatile Level threshold = Level.INFO;
    private static final PrintStream OUT = System.err;

    private AgentLog() {}

    /** Parses a level name; throws with the accepted names when it is not one. */
    public static Level parseLevel(String name) {
        try {
            return Level.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected one of debug, info, warn, error, off");
        }
    }

    public static void setThreshold(Level level) {
        threshold = level;
    }

    public static boolean isDebug() {
        return threshold == Level.DEBUG;
    }

    public static void debug(String message) {
        log(Level.DEBUG, message, null);
    }

    public static void info(String message) {
        log(Level.INFO, message, null);
    }

    public static void warn(String message) {
        log(Level.WARN, message, null);
    }

    public static void error(String message, Throwable cause) {
        log(Level.ERROR, message, cause);
    }

    private static void log(Level level, String message, Throwable cause) {
        if (level.compareTo(threshold) < 0) {
            return;
        }
        String line = "[bytemeter] " + level + " " + message;
        if (cause != null) {
            line += ": " + cause;
        }
        OUT.println(line);
        if (cause != null && isDebug()) {
            cause.printStackTrace(OUT);
        }
    }
}
