package io.bytemeter.bootstrap;

import java.util.List;

/**
 * What a Redis command means to the cache family, for every Redis client: string and hash reads
 * are gets (a hit when the server returned a value), writes are puts, {@code DEL}, {@code UNLINK}
 * and {@code HDEL} deletes; every other command is timed by its name. Multi-key commands count per
 * key, as Redis's own {@code keyspace_hits} and {@code keyspace_misses} do. The stream commands a
 * queue is made of are messaging, read by {@link RedisStreams}, and never come here.
 */
public final class RedisCommands {

    private RedisCommands() {}

    /**
     * @param command the command's name in capitals ({@code GET})
     * @param argCount the arguments after the name (keys, fields, values, options)
     * @param key the command's first key, for the server's miss-ratio curve, or null ({@link CacheRecorder#keysWanted()})
     * @param result what the client returned to the app: a value, a list of values, a count
     * @param error what the app saw thrown instead, or null
     * @param start as {@link CacheRecorder#startRemoteOutsideFacade()}; {@link CacheRecorder#INNER_CALL} is not counted
     */
    public static void record(Object client, String command, int argCount, Object key, Object result, Throwable error,
            long start) {
        if (start == CacheRecorder.INNER_CALL || command == null) {
            return;
        }
        if (error != null) {
            CacheRecorder.error(client, command, error);
            return;
        }
        switch (command) {
            case "GET":
            case "GETEX":
            case "GETDEL":
                CacheRecorder.get(client, key, result != null, start);
                break;
            case "HGET": // a field of a hash: the hash's key alone is not the entry's
                CacheRecorder.get(client, result != null, start);
                break;
            case "MGET":
                if (result instanceof List) {
                    int hits = 0;
                    List<?> values = (List<?>) result;
                    for (int i = 0; i < values.size(); i++) {
                        if (values.get(i) != null) {
                            hits++;
                        }
                    }
                    CacheRecorder.gets(client, hits, values.size() - hits, start);
                }
                break;
            case "SET":
            case "SETEX":
            case "PSETEX":
            case "GETSET":
                if (result != null) { // SET ... NX or XX that did not set returns nothing
                    CacheRecorder.put(client, key, start);
                }
                break;
            case "SETNX":
                if (Boolean.TRUE.equals(result) || Long.valueOf(1).equals(result)) {
                    CacheRecorder.put(client, key, start);
                }
                break;
            case "HSETNX":
                if (Boolean.TRUE.equals(result) || Long.valueOf(1).equals(result)) {
                    CacheRecorder.put(client, 1, start);
                }
                break;
            case "MSET":
                CacheRecorder.put(client, argCount / 2, start);
                break;
            case "MSETNX":
                if (Boolean.TRUE.equals(result) || Long.valueOf(1).equals(result)) {
                    CacheRecorder.put(client, argCount / 2, start);
                }
                break;
            case "HSET":
            case "HMSET":
                CacheRecorder.put(client, (argCount - 1) / 2, start);
                break;
            case "DEL":
            case "UNLINK":
                CacheRecorder.delete(client, argCount, removed(result), start);
                break;
            case "HDEL":
                CacheRecorder.delete(client, argCount - 1, removed(result), start);
                break;
            default:
                CacheRecorder.command(client, command, start);
        }
    }

    /** A client's command type by name in capitals ({@code GET}), as both clients' types are enums; {@code OTHER} else. */
    public static String name(Object type) {
        return type instanceof Enum ? ((Enum<?>) type).name() : "OTHER";
    }

    /**
     * The name of a Redis connection's series: the name the app gave the client, else
     * {@code redis://host:port/db}, so that every connection to one database shares one series.
     */
    public static String serverName(String clientName, String host, int port, int db) {
        return clientName != null && !clientName.isEmpty() ? clientName : "redis://" + host + ":" + port + "/" + db;
    }

    private static int removed(Object result) {
        return result instanceof Number ? ((Number) result).intValue() : -1;
    }
}
