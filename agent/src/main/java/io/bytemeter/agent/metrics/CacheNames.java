package io.bytemeter.agent.metrics;

import io.bytemeter.instrumentation.AgentPackages;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Names library caches as a person would recognise them and as they stay across restarts: the
 * library's own name (a JCache name, an Ehcache alias), else where the cache was built
 * ({@code UserService#<init>}, with {@code :line} added when one method builds several), else
 * the setting {@code bytemeter.cache.names} maps such a name to another. Never an identity hash.
 */
final class CacheNames {

    private static final StackWalker WALKER = StackWalker.getInstance();

    private final Map<String, String> configured;
    private final Map<String, Integer> taken = new HashMap<>();
    private final InstanceSeries<String[]> remembered = new InstanceSeries<>();

    CacheNames(Map<String, String> configured) {
        this.configured = configured;
    }

    /**
     * Remembers what to call a cache when it first records: the library's name, else where it is
     * being built (call this from its constructor). Nothing is exported for a cache until then, so
     * a cache used only through another instrumented API (Ehcache under JCache) shows once.
     */
    void remember(Object cache, String library, String libraryName) {
        String[] candidates;
        if (libraryName != null) {
            candidates = new String[] {libraryName};
        } else {
            StackWalker.StackFrame frame = creationFrame(library);
            if (frame == null) {
                candidates = new String[] {cache.getClass().getSimpleName()};
            } else {
                String base = simpleName(frame.getClassName()) + "#" + frame.getMethodName();
                candidates = new String[] {base, base + ":" + frame.getLineNumber()};
            }
        }
        remembered.register(cache, candidates);
    }

    /** The name a cache's series carries: the first remembered candidate no live series has, made unique. */
    synchronized String nameFor(Object cache) {
        String[] candidates = remembered.get(cache);
        if (candidates == null) {
            candidates = new String[] {jcacheName(cache).orElse(cache.getClass().getSimpleName())};
        }
        for (String candidate : candidates) {
            String name = configured.getOrDefault(candidate, candidate);
            if (!taken.containsKey(name)) {
                taken.put(name, 1);
                return name;
            }
        }
        String name = configured.getOrDefault(candidates[0], candidates[0]);
        return name + "#" + taken.merge(name, 1, Integer::sum);
    }

    private static StackWalker.StackFrame creationFrame(String library) {
        return WALKER.walk(frames -> frames
                .filter(f -> !isInfrastructure(f.getClassName(), library))
                .findFirst()
                .orElse(null));
    }

    private static boolean isInfrastructure(String className, String library) {
        return className.startsWith(library) || className.startsWith("java.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || AgentPackages.contains(className);
    }

    private static String simpleName(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int nested = simple.lastIndexOf('$');
        return nested >= 0 && nested < simple.length() - 1 && !Character.isDigit(simple.charAt(nested + 1))
                ? simple.substring(nested + 1) : simple;
    }

    /** A JCache {@code javax.cache.Cache} names itself; read it through the interface, once. */
    private static Optional<String> jcacheName(Object cache) {
        for (Class<?> type = cache.getClass(); type != null; type = type.getSuperclass()) {
            for (Class<?> implemented : type.getInterfaces()) {
                if (implemented.getName().equals("javax.cache.Cache")) {
                    try {
                        Method getName = implemented.getMethod("getName");
                        return Optional.ofNullable((String) getName.invoke(cache));
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.empty();
    }
}
