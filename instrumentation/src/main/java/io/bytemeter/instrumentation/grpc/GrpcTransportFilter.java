package io.bytemeter.instrumentation.grpc;

import io.bytemeter.bootstrap.RpcRecorder;
import io.grpc.Attributes;
import io.grpc.ServerTransportFilter;

/**
 * A helper in the app's class loader: counts a server's transports (connections) from ready to
 * terminated. grpc-java reports termination also for a transport that never became ready, so a
 * ready one is marked in the attributes it carries from then on.
 */
public final class GrpcTransportFilter extends ServerTransportFilter {

    private static final Attributes.Key<Boolean> COUNTED = Attributes.Key.create("io.bytemeter.counted");

    @Override
    public Attributes transportReady(Attributes transportAttrs) {
        RpcRecorder.serverTransports(1);
        return transportAttrs.toBuilder().set(COUNTED, Boolean.TRUE).build();
    }

    @Override
    public void transportTerminated(Attributes transportAttrs) {
        if (transportAttrs != null && Boolean.TRUE.equals(transportAttrs.get(COUNTED))) {
            RpcRecorder.serverTransports(-1);
        }
    }
}
