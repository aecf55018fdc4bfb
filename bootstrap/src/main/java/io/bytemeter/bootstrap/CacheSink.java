package io.bytemeter.bootstrap;

/**
 * Receives cache operations. {@code site} identifies the instrumented method; {@code nanos} is the
 * call's duration or {@link Timing#NO_DURATION}.
 */
public interface CacheSink {

    void get(int site, boolean hit, long nanos);

    void put(int site, long nanos);

    void delete(int site, long nanos);

    CacheSink NO_OP = new CacheSink() {
        @Override
        public void get(int site, boolean hit, long nanos) {}

        @Override
        public void put(int site, long nanos) {}

        @Override
        public void delete(int site, long nanos) {}
    };
}
