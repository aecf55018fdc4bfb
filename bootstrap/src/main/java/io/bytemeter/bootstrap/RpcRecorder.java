package io.bytemeter.bootstrap;

/** What RPC helpers (the gRPC stream tracer and client listener in the app's class loader) call. A no-op until the agent installs its sink. */
public final class RpcRecorder {

    private static volatile RpcSink sink = RpcSink.NO_OP;

    private RpcRecorder() {}

    public static void install(RpcSink newSink) {
        sink = newSink;
    }

    public static void serverCallStarted(String method) {
        sink.serverCallStarted(method);
    }

    public static void serverCallClosed(String method, boolean started, int statusCode, long start,
            int requests, int responses, long requestBytes, long responseBytes) {
        sink.serverCallClosed(method, started, statusCode, Timing.elapsedSince(start), requests, responses,
                requestBytes, responseBytes);
    }

    public static void clientCallClosed(String method, int statusCode, long start, int requests, int responses) {
        sink.clientCallClosed(method, statusCode, Timing.elapsedSince(start), requests, responses);
    }

    public static void serverTransports(int delta) {
        sink.serverTransports(delta);
    }
}
