package io.bytemeter.agent.metrics;

import io.bytemeter.bootstrap.RpcSink;
import io.bytemeter.bootstrap.Timing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The rpc family, on OpenTelemetry's RPC names, for gRPC servers and clients. A call is counted
 * once, when it closes, by method and status; the server's calls in flight and open transports are
 * gauges. Method names are {@code package.Service/Method}; a server call to a method the server
 * does not have is {@value #OTHER}; past {@code bytemeter.series.max} methods, the rest share
 * {@code _overflow}. Produces:
 *
 * <pre>
 * rpc_server_call_duration_seconds_bucket{rpc_method="kv.KeyValue/Get",rpc_response_status_code="NOT_FOUND",rpc_system_name="grpc",le="2.5E-4"} 310
 * rpc_server_calls_total{rpc_method="kv.KeyValue/Get",rpc_response_status_code="OK",rpc_system_name="grpc"} 4200.0
 * rpc_server_active_calls{rpc_method="kv.KeyValue/Watch",rpc_system_name="grpc"} 2
 * rpc_server_request_messages_total{rpc_method="kv.KeyValue/Watch",rpc_system_name="grpc"} 2.0
 * rpc_server_response_bytes_total{rpc_method="kv.KeyValue/Watch",rpc_system_name="grpc"} 51200.0
 * rpc_server_open_connections{rpc_system_name="grpc"} 3
 * rpc_client_call_duration_seconds_count{rpc_method="kv.KeyValue/Put",rpc_response_status_code="OK",rpc_system_name="grpc"} 4000
 * </pre>
 */
public final class RpcMetrics implements RpcSink, MetricSource {

    static final String OTHER = "_other";

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("rpc.system.name");
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("rpc.method");
    private static final AttributeKey<String> STATUS = AttributeKey.stringKey("rpc.response.status_code");
    private static final String[] STATUS_NAMES = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
        "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
        "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};

    /** One method on one side: counts and durations by status (made on a status's first call), and its messages. */
    private static final class MethodSeries {
        final AtomicReferenceArray<LatencyHistogram> durations = new AtomicReferenceArray<>(STATUS_NAMES.length);
        final LongAdder[] calls = new LongAdder[STATUS_NAMES.length];
        final LongAdder active = new LongAdder();
        /** Server side only: the client listener does not see what the app sends. */
        final LongAdder requests = new LongAdder();
        final LongAdder responses = new LongAdder();
        final LongAdder requestBytes = new LongAdder();
        final LongAdder responseBytes = new LongAdder();

        MethodSeries() {
            for (int i = 0; i < calls.length; i++) {
                calls[i] = new LongAdder();
            }
        }

        void closed(int statusCode, long nanos) {
            int status = statusCode >= 0 && statusCode < STATUS_NAMES.length ? statusCode : 2; // UNKNOWN
            calls[status].increment();
            LatencyHistogram histogram = durations.get(status);
            if (histogram == null) {
                durations.compareAndSet(status, null, new LatencyHistogram(Buckets.RPC));
                histogram = durations.get(status);
            }
            histogram.recordCall(nanos, 1, Timing.timesEveryRemoteCall(), calls[status]);
        }
    }

    private final BoundedSeries<MethodSeries> server;
    private final BoundedSeries<MethodSeries> client;
    private final LongAdder openTransports = new LongAdder();
    private final AgentMetrics agent;

    public RpcMetrics(AgentMetrics agent, int maxSeries) {
        this.agent = agent;
        this.server = new BoundedSeries<>(maxSeries, agent.droppedCounter("rpc.server.calls"), method -> new MethodSeries());
        this.client = new BoundedSeries<>(maxSeries, agent.droppedCounter("rpc.client.calls"), method -> new MethodSeries());
    }

    @Override
    public void serverCallStarted(String method) {
        try {
            server.get(method).active.increment();
        } catch (Throwable t) {
            agent.recorderError("rpc.server", t);
        }
    }

    @Override
    public void serverCallClosed(String method, boolean started, int statusCode, long nanos,
            int requests, int responses, long requestBytes, long responseBytes) {
        try {
            MethodSeries s = server.get(method == null ? OTHER : method);
            if (started) {
                s.active.decrement();
            }
            s.closed(statusCode, nanos);
            s.requests.add(requests);
            s.responses.add(responses);
            s.requestBytes.add(requestBytes);
            s.responseBytes.add(responseBytes);
        } catch (Throwable t) {
            agent.recorderError("rpc.server", t);
        }
    }

    @Override
    public void clientCallClosed(String method, int statusCode, long nanos, int requests, int responses) {
        try {
            MethodSeries s = client.get(method);
            s.closed(statusCode, nanos);
            s.responses.add(responses);
        } catch (Throwable t) {
            agent.recorderError("rpc.client", t);
        }
    }

    @Override
    public void serverTransports(int delta) {
        openTransports.add(delta);
    }

    @Override
    public void collect(MetricWriter out) {
        server.forEach((method, s) -> {
            write(out, "server", method, s);
            Attributes attributes = Attributes.of(SYSTEM, "grpc", METHOD, method);
            out.counter("rpc.server.request.messages", "Request messages received", "{message}", attributes, s.requests.sum());
            out.gauge("rpc.server.active_calls", "Server calls in flight", "{call}", attributes, s.active.sum());
            out.counter("rpc.server.request.bytes", "Bytes of request messages received (uncompressed)", "By", attributes,
                    s.requestBytes.sum());
            out.counter("rpc.server.response.bytes", "Bytes of response messages sent (uncompressed)", "By", attributes,
                    s.responseBytes.sum());
        });
        client.forEach((method, s) -> write(out, "client", method, s));
        out.gauge("rpc.server.open_connections", "Transports (connections) open on the app's gRPC servers", "{connection}",
                Attributes.of(SYSTEM, "grpc"), openTransports.sum());
    }

    private static void write(MetricWriter out, String side, String method, MethodSeries s) {
        Attributes attributes = Attributes.of(SYSTEM, "grpc", METHOD, method);
        out.counter("rpc." + side + ".response.messages", "Response messages " + (side.equals("server") ? "sent" : "received"),
                "{message}", attributes, s.responses.sum());
        for (int status = 0; status < STATUS_NAMES.length; status++) {
            long calls = s.calls[status].sum();
            if (calls == 0) {
                continue;
            }
            Attributes byStatus = Attributes.of(SYSTEM, "grpc", METHOD, method, STATUS, STATUS_NAMES[status]);
            out.counter("rpc." + side + ".calls", "Calls closed, by status", "{call}", byStatus, calls);
            out.histogram("rpc." + side + ".call.duration", "Duration of calls, from start to close, by status", byStatus,
                    s.durations.get(status));
        }
    }
}
