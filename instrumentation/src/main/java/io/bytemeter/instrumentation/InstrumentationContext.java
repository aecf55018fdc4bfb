package io.bytemeter.instrumentation;

import java.util.List;

/** What an instrumentation may read at start-up: its settings and the site registry. */
public interface InstrumentationContext {

    /** The method specs set for a role, parsed; empty when the role's setting is not set. */
    List<MethodSpec> specs(Role role);

    Sites sites();
}
