package io.bytemeter.bootstrap;

/**
 * A Redis stream used as a queue, as every client's advice records it ({@code messaging_system="redis"},
 * the stream key as destination): an {@code XADD} a send, each entry read a receive, each entry
 * acknowledged a settlement. Also the stream an {@code XADD} appends to, handed from the client's
 * API method, which knows the key as the app gave it, to the command it makes on the same thread,
 * which has it only encoded (Lettuce).
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

    /** An {@code XADD} to {@code stream}, or what it threw ({@code error}); entries are field maps, not payloads: no bytes. */
    public static void sent(String stream, Throwable error, long start) {
        MessagingRecorder.clientSent("redis", stream, 0, error, start);
    }

    /** An {@code XADD} the server refused with an error reply, by the type the client would throw. */
    public static void refused(String stream, String errorType, long start) {
        MessagingRecorder.clientSendRefused("redis", stream, errorType, start);
    }

    /**
     * One entry an {@code XREAD} or {@code XREADGROUP} returned: a message received, its age from its
     * ID's time ({@code idTime}, -1 when unknown); the read's duration goes with its first entry.
     *
     * @param readStart the read's start for its first entry, {@link Timing#NOT_TIMED} for the rest
     * @return what to pass as {@code readStart} for the read's next entry
     */
    public static long received(String stream, long idTime, long now, long readStart) {
        MessagingRecorder.clientReceived("redis", stream, 0, idTime < 0 ? -1 : now - idTime, readStart);
        return Timing.NOT_TIMED;
    }

    /** An {@code XACK}'s reply: each entry it acknowledged a settlement. */
    public static void acknowledged(Object reply) {
        if (reply instanceof Long) {
            for (long acked = (Long) reply; acked > 0; acked--) {
                MessagingRecorder.settled("redis", "ack");
            }
        }
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
