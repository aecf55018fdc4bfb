package io.bytemeter.agent.metrics;

import java.lang.reflect.Method;

/**
 * A library cache's entry maximum, read once by reflection when it first records, for the sizes its
 * miss-ratio curve is given at: Caffeine's and Guava's bounded caches that count entries. A cache
 * bounded by weight, or by nothing, or of another library, has none here (0), and its curve is
 * drawn around its distinct keys instead.
 */
final class CacheMaximum {

    private static final String CAFFEINE_BOUNDED = "com.github.benmanes.caffeine.cache.BoundedLocalCache";
    private static final String GUAVA_LOCAL = "com.google.common.cache.LocalCache";

    private CacheMaximum() {}

    static long of(Object cache) {
        try {
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

    /** Calls a no-argument method {@code type} declares, as the object's class overrides it. */
    private static Object call(Class<?> type, Object target, String name) throws ReflectiveOperationException {
        Method method = type.getDeclaredMethod(name);
        method.setAccessible(true);
        return method.invoke(target);
    }
}
