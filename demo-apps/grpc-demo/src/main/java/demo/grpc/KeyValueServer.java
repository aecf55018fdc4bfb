package demo.grpc;

import io.grpc.Context;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The key-value service: {@code Put}, {@code Get}, {@code Delete}, a server-streaming
 * {@code Watch}, a client-streaming {@code PutAll} and a bidirectional {@code Sync}. It counts what its handlers answered (the key {@code boom} makes {@code Get}
 * throw; {@code slow} makes it wait until the caller gives up; {@code Watch} of {@code forever}
 * streams until the caller cancels), and the bytes of Put requests and Watch updates.
 */
final class KeyValueServer {

    static final int WATCH_UPDATES = 5;

    private final Map<String, String> store = new ConcurrentHashMap<>();
    final Counts counts = new Counts();

    ServerServiceDefinition service() {
        return ServerServiceDefinition.builder(KeyValue.SERVICE)
                .addMethod(KeyValue.PUT, ServerCalls.asyncUnaryCall(this::put))
                .addMethod(KeyValue.GET, ServerCalls.asyncUnaryCall(this::get))
                .addMethod(KeyValue.DELETE, ServerCalls.asyncUnaryCall(this::delete))
                .addMethod(KeyValue.WATCH, ServerCalls.asyncServerStreamingCall(this::watch))
                .addMethod(KeyValue.PUT_ALL, ServerCalls.asyncClientStreamingCall(this::putAll))
                .addMethod(KeyValue.SYNC, ServerCalls.asyncBidiStreamingCall(this::sync))
                .build();
    }

    private void put(String entry, StreamObserver<String> response) {
        counts.add("server.Put.request_bytes", entry.getBytes(StandardCharsets.UTF_8).length);
        store(entry);
        reply(response, "ok");
        counts.add("server.Put.OK");
    }

    private void get(String key, StreamObserver<String> response) {
        if (key.equals("boom")) {
            counts.add("server.Get.threw");
            throw new IllegalStateException("the handler failed");
        }
        if (key.equals("slow")) {
            counts.add("server.Get.slow");
            waitUntilCancelled();
            return;
        }
        String value = store.get(key);
        if (value == null) {
            counts.add("server.Get.NOT_FOUND");
            response.onError(Status.NOT_FOUND.withDescription(key).asRuntimeException());
        } else {
            counts.add("server.Get.OK");
            reply(response, value);
        }
    }

    private void delete(String key, StreamObserver<String> response) {
        store.remove(key);
        reply(response, "ok");
        counts.add("server.Delete.OK");
    }

    private void watch(String prefix, StreamObserver<String> response) {
        ServerCallStreamObserver<String> stream = (ServerCallStreamObserver<String>) response;
        if (prefix.equals("forever")) {
            counts.add("server.Watch.forever");
            for (int i = 0; i < 1000 && !stream.isCancelled(); i++) {
                stream.onNext("forever-" + i);
                sleep(5);
            }
            return;
        }
        for (int i = 0; i < WATCH_UPDATES; i++) {
            String update = prefix + "-" + i;
            response.onNext(update);
            counts.add("server.Watch.messages");
            counts.add("server.Watch.response_bytes", update.getBytes(StandardCharsets.UTF_8).length);
        }
        response.onCompleted();
        counts.add("server.Watch.OK");
    }

    private StreamObserver<String> putAll(StreamObserver<String> response) {
        return new StreamObserver<String>() {
            private int stored;

            @Override
            public void onNext(String entry) {
                store(entry);
                stored++;
                counts.add("server.PutAll.requests");
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {
                reply(response, Integer.toString(stored));
                counts.add("server.PutAll.OK");
            }
        };
    }

    private StreamObserver<String> sync(StreamObserver<String> response) {
        return new StreamObserver<String>() {
            @Override
            public void onNext(String entry) {
                store(entry);
                response.onNext("stored " + entry);
                counts.add("server.Sync.requests");
                counts.add("server.Sync.responses");
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {
                response.onCompleted();
                counts.add("server.Sync.OK");
            }
        };
    }

    private void store(String entry) {
        int eq = entry.indexOf('=');
        store.put(entry.substring(0, eq), entry.substring(eq + 1));
    }

    private static void reply(StreamObserver<String> response, String value) {
        response.onNext(value);
        response.onCompleted();
    }

    private static void waitUntilCancelled() {
        Context context = Context.current();
        for (int i = 0; i < 1000 && !context.isCancelled(); i++) {
            sleep(5);
        }
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
