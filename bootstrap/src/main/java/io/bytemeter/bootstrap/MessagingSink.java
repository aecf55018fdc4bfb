package io.bytemeter.bootstrap;

/**
 * Receives message sends and receives. {@code destination} may be null (the site's own name is used
 * then); {@code payload} is what the agent measures messages and bytes from: a {@code byte[]},
 * {@code CharSequence}, {@code ByteBuffer}, a collection of those, or anything else (one message,
 * no bytes).
 */
public interface MessagingSink {

    void sent(int site, String destination, Object payload, Throwable error, long nanos);

    void received(int site, String destination, Object payload, Throwable error, long nanos);

    MessagingSink NO_OP = new MessagingSink() {
        @Override
        public void sent(int site, String destination, Object payload, Throwable error, long nanos) {}

        @Override
        public void received(int site, String destination, Object payload, Throwable error, long nanos) {}
    };
}
