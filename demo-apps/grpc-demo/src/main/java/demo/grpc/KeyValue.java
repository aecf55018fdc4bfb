package demo.grpc;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The key-value service's methods, written by hand (no protoc): requests and responses are UTF-8
 * strings, {@code key} or {@code key=value}.
 */
final class KeyValue {

    static final String SERVICE = "kv.KeyValue";

    static final MethodDescriptor<String, String> PUT = unary("Put");
    static final MethodDescriptor<String, String> GET = unary("Get");
    static final MethodDescriptor<String, String> DELETE = unary("Delete");
    static final MethodDescriptor<String, String> WATCH = streaming("Watch", MethodDescriptor.MethodType.SERVER_STREAMING);
    /** Client streaming: entries in, how many were stored out. */
    static final MethodDescriptor<String, String> PUT_ALL = streaming("PutAll", MethodDescriptor.MethodType.CLIENT_STREAMING);
    /** Bidirectional streaming: each entry stored and acknowledged as it comes. */
    static final MethodDescriptor<String, String> SYNC = streaming("Sync", MethodDescriptor.MethodType.BIDI_STREAMING);
    /** Not on the server: what a scanner probing for methods would call. */
    static final MethodDescriptor<String, String> SCAN = unary("Scan");

    private KeyValue() {}

    private static MethodDescriptor<String, String> unary(String name) {
        return streaming(name, MethodDescriptor.MethodType.UNARY);
    }

    private static MethodDescriptor<String, String> streaming(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<String, String>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(Utf8.INSTANCE)
                .setResponseMarshaller(Utf8.INSTANCE)
                .build();
    }

    private enum Utf8 implements MethodDescriptor.Marshaller<String> {
        INSTANCE;

        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
