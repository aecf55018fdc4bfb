package io.bytemeter.instrumentation.grpc;

import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;

/** A helper in the app's class loader: one {@link GrpcServerTracer} per server call. */
public final class GrpcServerTracerFactory extends ServerStreamTracer.Factory {

    @Override
    public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
        return new GrpcServerTracer();
    }
}
