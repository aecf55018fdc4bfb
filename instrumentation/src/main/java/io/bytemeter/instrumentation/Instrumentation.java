package io.bytemeter.instrumentation;

import java.util.Set;

/**
 * One instrumented library or role, found with {@link java.util.ServiceLoader}. Its {@link #name()}
 * is what {@code bytemeter.instrumentation.<name>.enabled=false} switches off.
 */
public interface Instrumentation {

    String name();

    /**
     * Adds this instrumentation's transformations to {@code builder}.
     *
     * @return {@code builder}, with this instrumentation's types and transformers added
     * @throws IllegalArgumentException naming the setting and value that cannot be used
     */
    Transformations extend(Transformations builder, InstrumentationContext context);

    /**
     * The JDK classes (loaded by the bootstrap class loader, which the agent otherwise ignores) this
     * instrumentation transforms, by name: exactly these are let through, nothing else of the JDK.
     */
    default Set<String> bootstrapTypes() {
        return Set.of();
    }

    /**
     * The classes this instrumentation may transform. The agent turns every other class away before
     * Byte Buddy sees it, and loads Byte Buddy only when the first of them loads (or has loaded), so
     * an app without the library pays nothing for it.
     */
    Candidates candidates(InstrumentationContext context);

    /** Why nothing was instrumented, for the one log line, or null when something was. */
    default String skippedBecause(InstrumentationContext context) {
        return null;
    }
}
