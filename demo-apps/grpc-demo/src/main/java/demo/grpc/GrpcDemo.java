package demo.grpc;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A key-value store over gRPC and a client workload against it, on shaded Netty over loopback
 * ({@code -Ddemo.transport=netty}, the default), plain Netty ({@code netty-plain}) or in-process
 * ({@code inprocess}). Each of
 * {@code demo.threads} (4) threads makes {@code demo.ops} (2000) rounds of Put, Get, a Get of a
 * missing key ({@code NOT_FOUND}) and Delete, with a Get that makes the handler throw
 * ({@code UNKNOWN}) every 50 rounds and, every 100, a Watch (server streaming), a PutAll (client
 * streaming) and a Sync (bidirectional) of ten entries each; then calls that time out
 * ({@code DEADLINE_EXCEEDED}), streams the client cancels ({@code CANCELLED}) and calls of a
 * method the server does not have ({@code UNIMPLEMENTED}). Prints its own counts, client side by
 * method and status, server side by what its handlers did, then stays up unless
 * {@code -Ddemo.exit=true}.
 */
public final class GrpcDemo {

    private static final int STREAMED = 10;

    /** grpc-java logs each handler that throws at SEVERE; the demo throws on purpose. Held, so the level stays. */
    private static final Logger EXECUTOR_LOG = Logger.getLogger("io.grpc.internal.SerializingExecutor");

    public static void main(String[] args) throws Exception {
        int threads = Integer.getInteger("demo.threads", 4);
        int ops = Integer.getInteger("demo.ops", 2000);
        String transport = System.getProperty("demo.transport", "netty");
        EXECUTOR_LOG.setLevel(Level.OFF);
        KeyValueServer kv = new KeyValueServer();
        Server server;
        ManagedChannel channel;
        if (transport.equals("inprocess")) {
            String name = "kv-" + ProcessHandle.current().pid();
            server = InProcessServerBuilder.forName(name).addService(kv.service()).build().start();
            channel = InProcessChannelBuilder.forName(name).build();
        } else if (transport.equals("netty-plain")) {
            server = io.grpc.netty.NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(kv.service()).build().start();
            channel = io.grpc.netty.NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        } else {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(kv.service()).build().start();
            channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        }
        System.out.println("grpc-demo: serving kv.KeyValue on " + transport);
        Counts client = new Counts();

        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers[t] = new Thread(() -> {
                for (int i = 0; i < ops; i++) {
                    String key = "k" + thread + "-" + i;
                    unary(channel, KeyValue.PUT, key + "=v" + i, client);
                    unary(channel, KeyValue.GET, key, client);
                    unary(channel, KeyValue.GET, "missing-" + key, client);
                    unary(channel, KeyValue.DELETE, key, client);
                    if (i % 50 == 0) {
                        unary(channel, KeyValue.GET, "boom", client);
                    }
                    if (i % 100 == 0) {
                        watch(channel, key, client);
                        putAll(channel, key, client);
                        sync(channel, key, client);
                    }
                }
            }, "kv-client-" + t);
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        for (int i = 0; i < 5; i++) {
            try {
                ClientCalls.blockingUnaryCall(channel, KeyValue.GET, CallOptions.DEFAULT.withDeadlineAfter(50, TimeUnit.MILLISECONDS), "slow");
                client.add("client.Get.OK");
            } catch (StatusRuntimeException e) {
                client.add("client.Get." + e.getStatus().getCode());
            }
            cancelWatch(channel, client);
            unary(channel, KeyValue.SCAN, "everything", client);
        }

        System.out.println("grpc-demo counts:" + client.line() + kv.counts.line());
        if (!Boolean.getBoolean("demo.exit")) {
            System.out.println("grpc-demo: workload done; staying up for scrapes, Ctrl-C to stop");
            Thread.currentThread().join();
        }
        channel.shutdownNow();
        server.shutdownNow();
    }

    private static void unary(ManagedChannel channel, MethodDescriptor<String, String> method, String request, Counts client) {
        String name = method.getBareMethodName();
        try {
            ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT, request);
            client.add("client." + name + ".OK");
        } catch (StatusRuntimeException e) {
            client.add("client." + name + "." + e.getStatus().getCode());
        }
    }

    private static void watch(ManagedChannel channel, String prefix, Counts client) {
        Iterator<String> updates = ClientCalls.blockingServerStreamingCall(channel, KeyValue.WATCH, CallOptions.DEFAULT, prefix);
        while (updates.hasNext()) {
            updates.next();
            client.add("client.Watch.messages");
        }
        client.add("client.Watch.OK");
    }

    /** Streams {@value #STREAMED} entries to PutAll, then half-closes and waits for its one answer. */
    private static void putAll(ManagedChannel channel, String prefix, Counts client) {
        streamEntries(channel, KeyValue.PUT_ALL, ClientCalls::asyncClientStreamingCall, prefix + "-all-", client);
    }

    /** Sends {@value #STREAMED} entries to Sync, each acknowledged on the same stream. */
    private static void sync(ManagedChannel channel, String prefix, Counts client) {
        streamEntries(channel, KeyValue.SYNC, ClientCalls::asyncBidiStreamingCall, prefix + "-sync-", client);
    }

    private static void streamEntries(ManagedChannel channel, MethodDescriptor<String, String> method,
            BiFunction<ClientCall<String, String>, StreamObserver<String>, StreamObserver<String>> start, String prefix,
            Counts client) {
        String name = method.getBareMethodName();
        CallResult result = new CallResult();
        StreamObserver<String> requests = start.apply(channel.newCall(method, CallOptions.DEFAULT), result);
        for (int i = 0; i < STREAMED; i++) {
            requests.onNext(prefix + i + "=v");
            client.add("client." + name + ".requests");
        }
        requests.onCompleted();
        client.add("client." + name + "." + result.await(client, name));
    }

    /** A stream's responses, counted, and how it ended. */
    private static final class CallResult implements StreamObserver<String> {
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile Status status;
        private volatile int responses;

        @Override
        public void onNext(String value) {
            responses++;
        }

        @Override
        public void onError(Throwable t) {
            status = Status.fromThrowable(t);
            done.countDown();
        }

        @Override
        public void onCompleted() {
            status = Status.OK;
            done.countDown();
        }

        Status.Code await(Counts client, String method) {
            try {
                done.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            client.add("client." + method + ".messages", responses);
            return status.getCode();
        }
    }

    /** Starts a Watch that would run for seconds, takes its first update, and cancels it. */
    private static void cancelWatch(ManagedChannel channel, Counts client) throws InterruptedException {
        ClientCall<String, String> call = channel.newCall(KeyValue.WATCH, CallOptions.DEFAULT);
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Status[] status = new Status[1];
        call.start(new ClientCall.Listener<String>() {
            @Override
            public void onMessage(String message) {
                client.add("client.Watch.messages");
                first.countDown();
            }

            @Override
            public void onClose(Status s, Metadata trailers) {
                status[0] = s;
                closed.countDown();
            }
        }, new Metadata());
        call.request(1);
        call.sendMessage("forever");
        call.halfClose();
        first.await(10, TimeUnit.SECONDS);
        call.cancel("the client has seen enough", null);
        closed.await(10, TimeUnit.SECONDS);
        client.add("client.Watch." + status[0].getCode());
    }
}
