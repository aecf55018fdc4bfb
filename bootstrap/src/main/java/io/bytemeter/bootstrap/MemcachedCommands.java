package io.bytemeter.bootstrap;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.TreeSet;

/**
 * What a memcached command's answer means to the cache family, for every memcached client, as the
 * server's own {@code stats} count it: a get (or each key of a multi-key get) is a hit or a miss
 * ({@code get_hits}, {@code get_misses}); every storage command the server answered is a put,
 * stored or not ({@code cmd_set} counts an {@code add} of a key that exists too); every delete is
 * a delete call that removed the entry or found none ({@code delete_hits}, {@code delete_misses}).
 * An operation that got no answer (timed out, cancelled, failed in the client) is an error by
 * the client's status for it or the exception it threw, never a call.
 *
 * <p>{@code outcome} is the server's answer in spymemcached's words ({@code SUCCESS},
 * {@code ERR_NOT_FOUND}, {@code ERR_EXISTS}, {@code ERR_NOT_STORED}), {@code NOREPLY} for a
 * command sent with {@code noreply}, which gets none; anything else names the error: the
 * client's status ({@code TIMEDOUT}, {@code CANCELLED}) or the exception the app saw.
 */
public final class MemcachedCommands {

    private MemcachedCommands() {}

    /** A client's status code for an answer ({@code SUCCESS}, {@code TIMEDOUT}...) as an outcome; {@code ERR_CLIENT} when it gave none. */
    public static String outcome(Enum<?> statusCode) {
        return statusCode == null ? "ERR_CLIENT" : statusCode.name();
    }

    /** A call that waited for its answer: {@code SUCCESS}, or the simple name of what it threw. */
    public static String outcome(Throwable error) {
        return error == null ? "SUCCESS" : error.getClass().getSimpleName();
    }

    /**
     * The name of a memcached client's series: {@code memcached://address:port,...}, its servers'
     * addresses sorted, so that the name does not depend on the order the app listed them in or on
     * what a reverse lookup returns.
     */
    public static String serverName(Collection<InetSocketAddress> servers) {
        TreeSet<String> names = new TreeSet<>();
        for (InetSocketAddress server : servers) {
            names.add((server.getAddress() != null ? server.getAddress().getHostAddress() : server.getHostString()) + ":" + server.getPort());
        }
        return "memcached://" + String.join(",", names);
    }

    /** The start a call is timed from: when its request was written ({@code System.nanoTime()}), 0 when never. */
    public static long start(long writtenAt) {
        return writtenAt == 0 ? Timing.NOT_TIMED : writtenAt;
    }

    /** @param key the key looked up, for the server's miss-ratio curve, or null ({@link CacheRecorder#keysWanted()}) */
    public static void get(Object client, String command, Object key, boolean hit, String outcome, long start) {
        if (isAnswer(outcome)) {
            CacheRecorder.get(client, key, hit, start);
        } else {
            CacheRecorder.error(client, command, outcome);
        }
    }

    /** A multi-key get: each key a hit or a miss. */
    public static void getMulti(Object client, int hits, int misses, String outcome, long start) {
        if (isAnswer(outcome)) {
            CacheRecorder.gets(client, hits, misses, start);
        } else {
            CacheRecorder.error(client, "get", outcome);
        }
    }

    /** {@code set}, {@code add}, {@code replace}, {@code cas}, {@code append}, {@code prepend}. */
    public static void store(Object client, String command, Object key, String outcome, long start) {
        if (isAnswer(outcome)) {
            CacheRecorder.put(client, key, start);
        } else {
            CacheRecorder.error(client, command, outcome);
        }
    }

    public static void delete(Object client, String outcome, long start) {
        if (isAnswer(outcome)) {
            CacheRecorder.delete(client, 1, outcome.equals("SUCCESS") ? 1 : outcome.equals("ERR_NOT_FOUND") ? 0 : -1, start);
        } else {
            CacheRecorder.error(client, "delete", outcome);
        }
    }

    /** Any other command ({@code incr}, {@code touch}), timed by its name. */
    public static void command(Object client, String command, String outcome, long start) {
        if (isAnswer(outcome)) {
            CacheRecorder.command(client, command, start);
        } else {
            CacheRecorder.error(client, command, outcome);
        }
    }

    /** Whether {@code outcome} is the server's answer (or a command that wants none), not an error. */
    public static boolean isAnswer(String outcome) {
        switch (outcome) {
            case "SUCCESS":
            case "ERR_NOT_FOUND":
            case "ERR_EXISTS":
            case "ERR_NOT_STORED":
                return true;
            default:
                return false;
        }
    }
}
