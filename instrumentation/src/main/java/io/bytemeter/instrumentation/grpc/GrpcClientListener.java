package io.bytemeter.instrumentation.grpc;

import io.bytemeter.bootstrap.RpcRecorder;
import io.bytemeter.bootstrap.Timing;
import io.grpc.ClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * A helper in the app's class loader, the one object the agent adds to a client call: it stands in
 * for the app's listener, counts response messages, and records the call once, when grpc-java
 * closes it, with the status the app's listener then receives.
 */
public final class GrpcClientListener<RespT> extends ForwardingClientCallListener.SimpleForwardingClientCallListener<RespT> {

    private final String method;
    private final long start = Timing.start();
    private int responses;

    public GrpcClientListener(ClientCall.Listener<RespT> appListener, String method) {
        super(appListener);
        this.method = method;
    }

    @Override
    public void onMessage(RespT message) {
        responses++;
        super.onMessage(message);
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
        RpcRecorder.clientCallClosed(method, status.getCode().value(), start, 0, responses);
        super.onClose(status, trailers);
    }
}
