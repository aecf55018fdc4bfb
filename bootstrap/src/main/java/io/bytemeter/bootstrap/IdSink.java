package io.bytemeter.bootstrap;

/**
 * Receives ID generations. Custom generators (roles) come with the site of the instrumented method
 * and the generating instance ({@code null} for a static method); library generators come by
 * instance only, or by an interned {@code String} that names a static entry point
 * ({@code "java.util.UUID.randomUUID"}, shown as the generator {@code UUID.randomUUID}).
 */
public interface IdSink {

    /** A numeric ID from a custom generator, checked for order against the instance's previous one. */
    void generated(int site, Object generator, long id, long nanos);

    /** An ID that is not a number (a String or UUID): counted and timed, not checked for order. */
    void generatedOpaque(int site, Object generator, long nanos);

    void failed(int site, Object generator, Throwable error, long nanos);

    /** A custom generator's wait for the next tick ({@code bytemeter.id.wait}): one overflow, one wait. */
    void waited(int site, Object generator, long nanos);

    /**
     * A library generator was built: remembers where, for its name, and its worker and datacenter
     * ids ({@code -1} when it has none).
     *
     * @param library the package whose frames are the library's own, skipped to find the app's
     * @param sharedBy the library class whose static methods share one generator among callers
     *     ({@code IdWorker}), so that it is named by the method the app called; or null
     */
    void register(Object generator, String library, String sharedBy, long worker, long datacenter);

    /** A part of a generator ({@code part}, its time function) reports for it: its overflows count for {@code generator}. */
    void alias(Object part, Object generator);

    void generated(Object generator, long id, long nanos);

    void generatedOpaque(Object generator, long nanos);

    void failed(Object generator, Throwable error, long nanos);

    /** The sequence ran out: the generator waited {@code waitNanos} for the next tick, or {@code -1} if it carried into the time. */
    void overflow(Object generator, long waitNanos);

    /**
     * The generator's current call read a clock behind its last timestamp. The call's end decides
     * the outcome: {@code recovery} if it returned an ID, {@code failed} if it threw.
     */
    void clockBehind(Object generator, String recovery);

    /**
     * A generator that hands out IDs from blocks fetched from a database, under {@code name}: its
     * series shows block fetches and their round trips instead of overflows and clock steps.
     */
    void registerBlocks(Object generator, String name);

    /** A block of IDs fetched for {@code generator} (or a part aliased to it) in one round trip of {@code nanos}. */
    void blockFetched(Object generator, long nanos);

    /** An opaque ID made for {@code entity}: a generator not seen before is named by the entity's class. */
    void generatedFor(Object generator, Object entity, long nanos);

    /**
     * A row inserted whose ID the database made, through a part aliased to the generator (ignored
     * when {@code part} was not aliased: the same insert path serves rows whose IDs are not the
     * database's). Counted, not timed: the time is the insert's, not ours to claim.
     */
    void generatedByDatabase(Object part, Object entity);

    IdSink NO_OP = new IdSink() {
        @Override
        public void generated(int site, Object generator, long id, long nanos) {}

        @Override
        public void generatedOpaque(int site, Object generator, long nanos) {}

        @Override
        public void failed(int site, Object generator, Throwable error, long nanos) {}

        @Override
        public void waited(int site, Object generator, long nanos) {}

        @Override
        public void register(Object generator, String library, String sharedBy, long worker, long datacenter) {}

        @Override
        public void alias(Object part, Object generator) {}

        @Override
        public void generated(Object generator, long id, long nanos) {}

        @Override
        public void generatedOpaque(Object generator, long nanos) {}

        @Override
        public void failed(Object generator, Throwable error, long nanos) {}

        @Override
        public void overflow(Object generator, long waitNanos) {}

        @Override
        public void clockBehind(Object generator, String recovery) {}

        @Override
        public void registerBlocks(Object generator, String name) {}

        @Override
        public void blockFetched(Object generator, long nanos) {}

        @Override
        public void generatedFor(Object generator, Object entity, long nanos) {}

        @Override
        public void generatedByDatabase(Object part, Object entity) {}
    };
}
