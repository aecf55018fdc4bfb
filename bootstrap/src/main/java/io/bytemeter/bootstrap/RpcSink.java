package io.bytemeter.bootstrap;

/**
 * Receives RPCs. {@code method} is {@code package.Service/Method}, or null for a server call to a
 * method the server does not have (counted under one series); {@code statusCode} is the
 * {@code io.grpc.Status.Code} value (0 {@code OK} ... 16 {@code UNAUTHENTICATED}).
 */
public interface RpcSink {

    /** A server call reached a method the server has: it is in flight until it closes. */
    void serverCallStarted(String method);

    /** @param started whether {@link #serverCallStarted} was called for it */
    void serverCallClosed(String method, boolean started, int statusCode, long nanos,
            int requests, int responses, long requestBytes, long responseBytes);

    void clientCallClosed(String method, int statusCode, long nanos, int requests, int responses);

    /** A server's transport (a connection, or an in-process peer) became ready ({@code +1}) or ended ({@code -1}). */
    void serverTransports(int delta);

    RpcSink NO_OP = new RpcSink() {
        @Override
        public void serverCallStarted(String method) {}

        @Override
        public void serverCallClosed(String method, boolean started, int statusCode, long nanos,
                int requests, int responses, long requestBytes, long responseBytes) {}

        @Override
        public void clientCallClosed(String method, int statusCode, long nanos, int requests, int responses) {}

        @Override
        public void serverTransports(int delta) {}
    };
}
