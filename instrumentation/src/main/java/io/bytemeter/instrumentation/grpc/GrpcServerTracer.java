package io.bytemeter.instrumentation.grpc;

import io.bytemeter.bootstrap.RpcRecorder;
import io.bytemeter.bootstrap.Timing;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;

/**
 * A helper in the app's class loader, the one object the agent adds to a server call: grpc-java
 * calls it as the call starts (with the method the server found, or not at all for an unknown
 * method), for each message in and out, and once when the stream closes, with the status the
 * client sees. Inbound events come on the transport's thread, outbound on the app's: each count
 * has one writer, and is volatile so that the close reads it.
 */
final class GrpcServerTracer extends ServerStreamTracer {

    private final long start = Timing.start();
    private volatile String method;
    private volatile int requests;
    private volatile int responses;
    private volatile long requestBytes;
    private volatile long responseBytes;

    @Override
    public void serverCallStarted(ServerCallInfo<?, ?> callInfo) {
        String name = callInfo.getMethodDescriptor().getFullMethodName();
        method = name;
        RpcRecorder.serverCallStarted(name);
    }

    @Override
    public void inboundMessage(int seqNo) {
        requests++;
    }

    @Override
    public void outboundMessage(int seqNo) {
        responses++;
    }

    @Override
    public void inboundUncompressedSize(long bytes) {
        requestBytes += bytes;
    }

    @Override
    public void outboundUncompressedSize(long bytes) {
        responseBytes += bytes;
    }

    @Override
    public void streamClosed(Status status) {
        String name = method;
        RpcRecorder.serverCallClosed(name, name != null, status.getCode().value(), start, requests, responses,
                requestBytes, responseBytes);
    }
}
