package io.bytemeter.agent.metrics;

import io.bytemeter.bootstrap.Interfaces;
import io.bytemeter.bootstrap.RedisCommands;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * What a cache says about itself, read once by reflection when it first records (the advice passes
 * only the object): a JCache or Spring cache's name, the native cache under a Spring cache (whose
 * evictions and size belong to the Spring series), the server of a Redis connection whose
 * construction was not seen. Interface methods are called through the public interface, so that
 * a library's non-public implementation classes need not be opened.
 */
final class CacheIdentity {

    private static final String JCACHE = "javax.cache.Cache";
    private static final String SPRING_CACHE = "org.springframework.cache.Cache";
    private static final String JEDIS_CONNECTION = "redis.clients.jedis.Connection";

    /** The library's name for the cache, or null. */
    final String name;
    /** Whether the cache is a server reached over the network (its calls take a round trip). */
    final boolean remote;
    /** Parts of the cache the library reports through (a Spring cache's native cache and its map view). */
    final List<Object> parts;

    private CacheIdentity(String name, boolean remote, List<Object> parts) {
        this.name = name;
        this.remote = remote;
        this.parts = parts;
    }

    static CacheIdentity of(Object cache) {
        List<Object> parts = new ArrayList<>();
        if (Interfaces.find(cache.getClass(), SPRING_CACHE) != null) {
            Object nativeCache = callInterface(cache, SPRING_CACHE, "getNativeCache");
            if (nativeCache != null && nativeCache != cache) {
                parts.add(nativeCache);
                Object map = callAnyInterface(nativeCache, "asMap");
                if (map != null && map != nativeCache) {
                    parts.add(map);
                }
            }
            return new CacheIdentity((String) callInterface(cache, SPRING_CACHE, "getName"), false, parts);
        }
        if (Interfaces.find(cache.getClass(), JCACHE) != null) {
            return new CacheIdentity((String) callInterface(cache, JCACHE, "getName"), false, parts);
        }
        String jedisServer = jedisServer(cache);
        return new CacheIdentity(jedisServer, jedisServer != null, parts);
    }

    /** A Jedis connection opened without a client configuration: its socket's server, database 0. */
    private static String jedisServer(Object connection) {
        for (Class<?> type = connection.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals(JEDIS_CONNECTION)) {
                try {
                    Field field = type.getDeclaredField("socket");
                    field.setAccessible(true);
                    Socket socket = (Socket) field.get(connection);
                    InetSocketAddress server = socket == null ? null : (InetSocketAddress) socket.getRemoteSocketAddress();
                    return server == null ? null : RedisCommands.serverName(null, server.getHostString(), server.getPort(), 0);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static Object callInterface(Object target, String interfaceName, String method) {
        try {
            Method m = Interfaces.find(target.getClass(), interfaceName).getMethod(method);
            return m.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Calls a no-argument method through the first public interface of {@code target} that declares it. */
    private static Object callAnyInterface(Object target, String method) {
        for (Class<?> t = target.getClass(); t != null; t = t.getSuperclass()) {
            Method m = publicInterfaceMethod(t.getInterfaces(), method);
            if (m != null) {
                try {
                    return m.invoke(target);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static Method publicInterfaceMethod(Class<?>[] interfaces, String method) {
        for (Class<?> implemented : interfaces) {
            if (Modifier.isPublic(implemented.getModifiers())) {
                try {
                    return implemented.getMethod(method);
                } catch (NoSuchMethodException e) {
                    // not declared here; its super-interfaces are searched below
                }
            }
            Method inherited = publicInterfaceMethod(implemented.getInterfaces(), method);
            if (inherited != null) {
                return inherited;
            }
        }
        return null;
    }
}
