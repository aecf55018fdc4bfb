package io.bytemeter.agent.metrics;

import io.bytemeter.bootstrap.Interfaces;
import java.lang.reflect.Method;

/**
 * A library cache's entry maximum, read once by reflection when it first records, for the sizes its
 * miss-ratio curve is given at: Caffeine's and Guava's bounded caches that count entries, Ehcache's
 * heap tier sized in entries (also behind JCache). A cache bounded by weight or bytes, or by
 * nothing, or of another library, has none here (0), and its curve is drawn around its distinct
 * keys instead.
 */
final class CacheMaximum {

    private static final String CAFFEINE_BOUNDED = "com.github.benmanes.caffeine.cache.BoundedLocalCache";
    private static final String GUAVA_LOCAL = "com.google.common.cache.LocalCache";
    private static final String EHCACHE = "org.ehcache.Cache";
    private static final String JCACHE = "javax.cache.Cache";

    private CacheMaximum() {}

    static long of(Object cache) {
        long maximum = declared(cache);
        return maximum > 0 && maximum <= 1L << 40 ? maximum : 0; // Long.MAX_VALUE and its kin say "no maximum"
    }

    private static long declared(Object cache) {
        try {
            Class<?> ehcache = Interfaces.find(cache.getClass(), EHCACHE);
            if (ehcache != null) {
                return ehcacheHeapEntries(ehcache, cache);
            }
            Class<?> jcache = Interfaces.find(cache.getClass(), JCACHE);
            if (jcache != null) { // the provider's own cache, where it is Ehcache
                Class<?> unwrapped = Class.forName(EHCACHE, false, jcache.getClassLoader());
                return declared(jcache.getMethod("unwrap", Class.class).invoke(cache, unwrapped));
            }
            for (Class<?> type = cache.getClass(); type != null; type = type.getSuperclass()) {
                if (type.getName().equals(CAFFEINE_BOUNDED)) {
                    return (boolean) call(type, cache, "evicts") && !(boolean) call(type, cache, "isWeighted")
                            ? (long) call(type, cache, "maximum") : 0;
                }
                if (type.getName().equals(GUAVA_LOCAL)) {
                    if (!(boolean) call(type, cache, "evictsBySize") || (boolean) call(type, cache, "customWeigher")) {
                        return 0;
                    }
                    java.lang.reflect.Field maxWeight = type.getDeclaredField("maxWeight");
                    maxWeight.setAccessible(true);
                    return maxWeight.getLong(cache);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 0; // a version that keeps it elsewhere: the curve is drawn around the distinct keys
        }
        return 0;
    }

    /** Ehcache 3: its heap tier's size, when it is given in entries. Through the public API by name. */
    private static long ehcacheHeapEntries(Class<?> api, Object cache) throws ReflectiveOperationException {
        ClassLoader loader = api.getClassLoader();
        Object configuration = api.getMethod("getRuntimeConfiguration").invoke(cache);
        Object pools = Class.forName("org.ehcache.config.CacheConfiguration", false, loader)
                .getMethod("getResourcePools").invoke(configuration);
        Object heap = Class.forName("org.ehcache.config.ResourceType$Core", false, loader).getField("HEAP").get(null);
        Object pool = Class.forName("org.ehcache.config.ResourcePools", false, loader)
                .getMethod("getPoolForResource", Class.forName("org.ehcache.config.ResourceType", false, loader))
                .invoke(pools, heap);
        Class<?> sized = Class.forName("org.ehcache.config.SizedResourcePool", false, loader);
        if (!sized.isInstance(pool) || !String.valueOf(sized.getMethod("getUnit").invoke(pool)).equalsIgnoreCase("entries")) {
            return 0; // no heap tier, or one sized in bytes
        }
        return (long) sized.getMethod("getSize").invoke(pool);
    }

    /** Calls a no-argument method {@code type} declares, as the object's class overrides it. */
    private static Object call(Class<?> type, Object target, String name) throws ReflectiveOperationException {
        Method method = type.getDeclaredMethod(name);
        method.setAccessible(true);
        return method.invoke(target);
    }
}
