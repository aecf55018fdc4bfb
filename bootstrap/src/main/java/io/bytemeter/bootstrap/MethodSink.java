package io.bytemeter.bootstrap;

/** Receives the end of a timed method call; {@code error} is null when the call returned. */
public interface MethodSink {

    void exited(int site, Throwable error, long nanos);

    MethodSink NO_OP = new MethodSink() {
        @Override
        public void exited(int site, Throwable error, long nanos) {}
    };
}
