package io.bytemeter.agent.metrics;

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
            return utf8Length((CharSequence) payload);
        }
        if (payload instanceof ByteBuffer) {
            return ((ByteBuffer) payload).remaining();
        }
        return 0;
    }

    static long utf8Length(CharSequence text) {
        long length = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
