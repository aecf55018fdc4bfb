package io.bytemeter.instrumentation;

/**
 * One instrumented method in one role. Advice carries the site's id as a constant, so a recorder
 * finds the site's series by array index, never by a lookup on names.
 */
public final class Site {

    private final int id;
    private final Role role;
    private final String className;
    private final String methodName;
    private final String name;

    Site(int id, Role role, String className, String methodName, String name) {
        this.id = id;
        this.role = role;
        this.className = className;
        this.methodName = methodName;
        this.name = name;
    }

    public int id() {
        return id;
    }

    public Role role() {
        return role;
    }

    public String className() {
        return className;
    }

    public String methodName() {
        return methodName;
    }

    /** The instance name metrics carry: set by the family's names setting, else the simple class name. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return className + "#" + methodName;
    }
}
