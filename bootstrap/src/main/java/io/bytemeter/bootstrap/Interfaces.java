package io.bytemeter.bootstrap;

/**
 * Finds a library's API interface among what a class implements (its own interfaces, its
 * superclasses', and theirs), by name, so that the agent can call the API through the public
 * interface without loading the library's classes itself. Called once per class, not per call.
 */
public final class Interfaces {

    private Interfaces() {}

    /** The first interface of {@code type} whose name is one of {@code names}, or null. */
    public static Class<?> find(Class<?> type, String... names) {
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            Class<?> found = find(t.getInterfaces(), names);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static Class<?> find(Class<?>[] interfaces, String[] names) {
        for (Class<?> i : interfaces) {
            for (String name : names) {
                if (i.getName().equals(name)) {
                    return i;
                }
            }
            Class<?> inherited = find(i.getInterfaces(), names);
            if (inherited != null) {
                return inherited;
            }
        }
        return null;
    }
}
