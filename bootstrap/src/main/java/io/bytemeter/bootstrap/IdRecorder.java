package io.bytemeter.bootstrap;

/**
 * What ID-generator advice calls. A no-op until the agent installs its sink. Custom generators
 * are passed with their site; library generators by instance (see {@link IdSink}).
 */
public final class IdRecorder {

    /** How a generator recovered from a clock behind its last timestamp: it waited for the clock to catch up. */
    public static final String WAITED = "waited";

    /** How a generator recovered from a clock behind its last timestamp: it went on with its last timestamp. */
    public static final String REUSED = "reused";

    private static volatile IdSink sink = IdSink.NO_OP;

    private IdRecorder() {}

    public static void install(IdSink newSink) {
        sink = newSink;
    }

    public static void generated(int site, Object generator, long id, long start) {
        sink.generated(site, generator, id, Timing.elapsedSince(start));
    }

    /** An ID returned as an object: a {@link Long} or {@link Integer} is checked for order. */
    public static void generated(int site, Object generator, Object id, long start) {
        long nanos = Timing.elapsedSince(start);
        if (id instanceof Long || id instanceof Integer) {
            sink.generated(site, generator, ((Number) id).longValue(), nanos);
        } else {
            sink.generatedOpaque(site, generator, nanos);
        }
    }

    public static void failed(int site, Object generator, Throwable error, long start) {
        sink.failed(site, generator, error, Timing.elapsedSince(start));
    }

    /** @param waitStart {@link System#nanoTime()} when the wait began: waits are rare and always timed */
    public static void waited(int site, Object generator, long waitStart) {
        sink.waited(site, generator, System.nanoTime() - waitStart);
    }

    public static void register(Object generator, String library, String sharedBy, long worker, long datacenter) {
        sink.register(generator, library, sharedBy, worker, datacenter);
    }

    public static void alias(Object part, Object generator) {
        if (part != null) {
            sink.alias(part, generator);
        }
    }

    public static void generated(Object generator, long id, long start) {
        sink.generated(generator, id, Timing.elapsedSince(start));
    }

    public static void generatedOpaque(Object generator, long start) {
        sink.generatedOpaque(generator, Timing.elapsedSince(start));
    }

    public static void failed(Object generator, Throwable error, long start) {
        sink.failed(generator, error, Timing.elapsedSince(start));
    }

    /** @param waitStart {@link System#nanoTime()} when the wait for the next tick began */
    public static void overflowWaited(Object generator, long waitStart) {
        sink.overflow(generator, System.nanoTime() - waitStart);
    }

    /** The sequence ran out and the generator carried into its time instead of waiting. */
    public static void overflowCarried(Object generator) {
        sink.overflow(generator, -1L);
    }

    public static void clockBehind(Object generator, String recovery) {
        sink.clockBehind(generator, recovery);
    }

    /**
     * A generator that hands out IDs from blocks it fetches from a database (Hibernate's
     * sequence-style generators), shown under {@code entityName}'s simple name; {@code structure}
     * fetches the blocks for it.
     */
    public static void registerBlocks(Object generator, String entityName, Object structure) {
        if (entityName != null) {
            sink.registerBlocks(generator, entityName.substring(Math.max(entityName.lastIndexOf('.'), entityName.lastIndexOf('$')) + 1));
        }
        alias(structure, generator);
    }

    /** @param start {@link System#nanoTime()} when the fetch began: fetches are database round trips and always timed */
    public static void blockFetched(Object structure, long start) {
        sink.blockFetched(structure, System.nanoTime() - start);
    }

    /** An opaque ID made for {@code entity}, whose class names the generator when it first records. */
    public static void generatedFor(Object generator, Object entity, long start) {
        sink.generatedFor(generator, entity, Timing.elapsedSince(start));
    }

    /** An insert whose ID the database made, through {@code part}: counted if {@code part} was aliased to a generator. */
    public static void generatedByDatabase(Object part, Object entity) {
        sink.generatedByDatabase(part, entity);
    }
}
