package io.bytemeter.bootstrap;

/**
 * The stream an {@code XADD} appends to, handed from the client's API method, which knows the key
 * as the app gave it, to the command it makes on the same thread, which has it only encoded
 * (Lettuce); and a stream entry ID's time, read in place.
 */
public final class RedisStreams {

    private static final ThreadLocal<Object> APPENDING_TO = new ThreadLocal<>();

    private RedisStreams() {}

    /** The app's thread is in an {@code XADD} to {@code stream} (null: no longer). */
    public static void appending(Object stream) {
        APPENDING_TO.set(stream);
    }

    /** The stream this thread's {@code XADD} appends to, or null. */
    public static Object appendingTo() {
        return APPENDING_TO.get();
    }

    /** The millisecond time of an entry ID ({@code 1700000000000-0}), read without a copy; -1 when it is not one. */
    public static long idTime(String id) {
        long time = 0;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '-') {
                return i == 0 ? -1 : time;
            }
            if (c < '0' || c > '9') {
                return -1;
            }
            time = time * 10 + (c - '0');
        }
        return id.isEmpty() ? -1 : time;
    }
}
