package io.bytemeter.bootstrap;

/**
 * Receives ID generations. {@code generator} is the generating instance (null for a static
 * method), used to tell whether an ID is greater than the previous one from the same generator.
 */
public interface IdSink {

    void generated(int site, Object generator, long id, long nanos);

    /** An ID that is not a number (a String or UUID): counted and timed, not checked for order. */
    void generatedOpaque(int site, long nanos);

    void failed(int site, Throwable error, long nanos);

    IdSink NO_OP = new IdSink() {
        @Override
        public void generated(int site, Object generator, long id, long nanos) {}

        @Override
        public void generatedOpaque(int site, long nanos) {}

        @Override
        public void failed(int site, Throwable error, long nanos) {}
    };
}
