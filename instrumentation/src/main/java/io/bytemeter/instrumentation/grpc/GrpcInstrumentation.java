package io.bytemeter.instrumentation.grpc;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.HelperClasses;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.Transformations;
import io.bytemeter.instrumentation.LibraryShape;
import io.grpc.ClientCall;
import io.grpc.MethodDescriptor;
import io.grpc.ServerStreamTracer;
import io.grpc.ServerTransportFilter;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * grpc-java servers and clients, every transport (Netty, Netty shaded, in-process), with no
 * setting. Two hooks, each where every call of its side passes:
 *
 * <ul>
 *   <li>Server: {@code io.grpc.internal.ServerImplBuilder.build()}, which every server builder
 *       ({@code NettyServerBuilder}, {@code InProcessServerBuilder}, {@code ServerBuilder.forPort})
 *       ends in. Its advice adds grpc-java's own extension points to the builder's lists, once
 *       however often it is built: a {@link GrpcServerTracerFactory} (one {@link GrpcServerTracer}
 *       per call: method, messages, bytes, the closing status) and a {@link GrpcTransportFilter}
 *       (open transports). They see every call of every service, whatever the app's interceptors
 *       do, and unknown methods, which never start.
 *   <li>Client: {@code io.grpc.internal.ClientCallImpl.start(listener, headers)}, the call under
 *       every channel and the app's interceptors: its advice puts a {@link GrpcClientListener} in
 *       place of the listener, which records the call when grpc-java closes it. (A client
 *       interceptor added at {@code ManagedChannelImplBuilder.build()} would cost a wrapping call
 *       and a listener per call; this is one object.)
 * </ul>
 *
 * The helpers extend grpc-java's classes, so they are defined in the class loader that loaded
 * grpc-java ({@link HelperClasses}) and record through the bootstrap {@code RpcRecorder}. Produces:
 *
 * <pre>
 * rpc_server_calls_total{rpc_method="kv.KeyValue/Get",rpc_response_status_code="NOT_FOUND",rpc_system_name="grpc"} 12.0
 * rpc_server_call_duration_seconds_count{rpc_method="kv.KeyValue/Get",rpc_response_status_code="OK",rpc_system_name="grpc"} 4200
 * rpc_server_active_calls{rpc_method="kv.KeyValue/Watch",rpc_system_name="grpc"} 1
 * rpc_client_calls_total{rpc_method="kv.KeyValue/Put",rpc_response_status_code="DEADLINE_EXCEEDED",rpc_system_name="grpc"} 3.0
 * </pre>
 */
public final class GrpcInstrumentation implements Instrumentation {

    private static final String PACKAGE = GrpcInstrumentation.class.getPackage().getName() + ".";

    @Override
    public String name() {
        return "grpc";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named("io.grpc.internal.AbstractServerImplBuilder", "io.grpc.internal.ServerImplBuilder",
                "io.grpc.internal.ClientCallImpl");
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        return builder
                // grpc-java before 1.33 builds servers in AbstractServerImplBuilder: never matched, logged once
                .type(named("io.grpc.internal.AbstractServerImplBuilder").and(new LibraryShape(name(),
                        Map.of("ServerImplBuilder, grpc-java 1.33 and later", none()))))
                .transform((b, type, loader, module, domain) -> b)
                .type(named("io.grpc.internal.ServerImplBuilder").and(new LibraryShape(name(),
                        Map.of("Server build()", Methods.BUILD), List.of("streamTracerFactories", "transportFilters"))))
                .transform(new HelperClasses(name(), List.of(PACKAGE + "GrpcServerTracerFactory",
                        PACKAGE + "GrpcServerTracer", PACKAGE + "GrpcTransportFilter")))
                .transform(advice().advice(Methods.BUILD, getClass().getName() + "$ServerBuildAdvice"))
                .type(named("io.grpc.internal.ClientCallImpl").and(new LibraryShape(name(),
                        Map.of("start(ClientCall.Listener, Metadata)", Methods.START), List.of("method"))))
                .transform(new HelperClasses(name(), List.of(PACKAGE + "GrpcClientListener")))
                .transform(advice().advice(Methods.START, getClass().getName() + "$ClientStartAdvice"));
    }

    private static InlineAdvice advice() {
        return new InlineAdvice();
    }

    public static class ServerBuildAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.FieldValue("streamTracerFactories") List<ServerStreamTracer.Factory> tracerFactories,
                @Advice.FieldValue("transportFilters") List<ServerTransportFilter> transportFilters) {
            for (ServerStreamTracer.Factory factory : tracerFactories) {
                if (factory instanceof GrpcServerTracerFactory) {
                    return;
                }
            }
            tracerFactories.add(new GrpcServerTracerFactory());
            transportFilters.add(new GrpcTransportFilter());
        }
    }

    public static class ClientStartAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        @SuppressWarnings({"unchecked", "rawtypes"})
        public static void enter(@Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) ClientCall.Listener listener,
                @Advice.FieldValue("method") MethodDescriptor<?, ?> method) {
            if (listener != null && !(listener instanceof GrpcClientListener)) {
                listener = new GrpcClientListener(listener, method.getFullMethodName());
            }
        }
    }

    /** Method matchers, apart so that loading the instrumentation for its name and candidates loads no Byte Buddy. */
    private static final class Methods {
        static final ElementMatcher.Junction<MethodDescription> BUILD = named("build").and(takesArguments(0));
        static final ElementMatcher.Junction<MethodDescription> START =
                named("start").and(takesArguments(2)).and(takesArgument(0, named("io.grpc.ClientCall$Listener")));

        private Methods() {}
    }
}
