package io.bytemeter.instrumentation;

import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * One instrumented library or role, found with {@link java.util.ServiceLoader}. Its {@link #name()}
 * is what {@code bytemeter.instrumentation.<name>.enabled=false} switches off.
 */
public interface Instrumentation {

    String name();

    /**
     * Adds this instrumentation's transformations to {@code builder}.
     *
     * @return the extended builder, or {@code builder} itself when there is nothing to instrument
     * @throws IllegalArgumentException naming the setting and value that cannot be used
     */
    AgentBuilder extend(AgentBuilder builder, InstrumentationContext context);

    /** Why nothing was instrumented, for the one log line, or null when something was. */
    default String skippedBecause(InstrumentationContext context) {
        return null;
    }
}
