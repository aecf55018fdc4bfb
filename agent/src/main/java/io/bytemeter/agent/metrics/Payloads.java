package io.bytemeter.agent.metrics;

import io.bytemeter.bootstrap.Utf8;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;

/**
 * Messages and bytes in a payload: a {@code byte[]}, {@code CharSequence} (its UTF-8 length),
 * {@code ByteBuffer} (remaining bytes), or a collection or array of them; anything else is one
 * message of unknown size. Nothing is copied or encoded.
 */
final class Payloads {

    private Payloads() {}

    static long messages(Object payload) {
        if (payload instanceof Collection) {
            return ((Collection<?>) payload).size();
        }
        if (payload instanceof Object[]) {
            return ((Object[]) payload).length;
        }
        return payload == null ? 0 : 1;
    }

    static long bytes(Object payload) {
        if (payload instanceof List && payload instanceof RandomAccess) {
            List<?> list = (List<?>) payload;
            long total = 0;
            for (int i = 0; i < list.size(); i++) {
                total += bytesOfOne(list.get(i));
            }
            return total;
        }
        if (payload instanceof Collection) {
            long total = 0;
            for (Object element : (Collection<?>) payload) {
                total += bytesOfOne(element);
            }
            return total;
        }
        if (payload instanceof Object[]) {
            long total = 0;
            for (Object element : (Object[]) payload) {
                total += bytesOfOne(element);
            }
            return total;
        }
        return bytesOfOne(payload);
    }

    private static long bytesOfOne(Object payload) {
        if (payload instanceof byte[]) {
            return ((byte[]) payload).length;
        }
        if (payload instanceof CharSequence) {
            return Utf8.length((CharSequence) payload);
        }
        if (payload instanceof ByteBuffer) {
            return ((ByteBuffer) payload).remaining();
        }
        return 0;
    }
}
