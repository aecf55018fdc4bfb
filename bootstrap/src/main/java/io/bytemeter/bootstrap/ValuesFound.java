package io.bytemeter.bootstrap;

/**
 * A Redis client's reply output that the agent made count, as it decodes them, the values a
 * multi-key read found: Lettuce's {@code KeyValueListOutput} gains this interface and a field when
 * it loads, so that where its command completes the hits of an {@code MGET} are known even when
 * its values were streamed to a reactive subscriber instead of kept in the output.
 */
public interface ValuesFound {

    /** The keys asked that had a value. */
    int bytemeter$found();
}
