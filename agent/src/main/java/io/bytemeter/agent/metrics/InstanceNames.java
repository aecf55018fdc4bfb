package io.bytemeter.agent.metrics;

import io.bytemeter.instrumentation.AgentPackages;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Names library instances (caches, ID generators) as a person would recognise them and as they
 * stay across restarts: the library's own name (a JCache or Spring cache name, an Ehcache alias, a
 * Redis server), else where the instance was built ({@code UserService#<init>}, with {@code :line}
 * added when one method builds several), else, for an instance a library shares among its callers
 * through static methods, the method the app called ({@code IdWorker.getId}); a names setting
 * ({@code bytemeter.cache.names}, {@code bytemeter.id.names}) maps such a name to another. Never an
 * identity hash.
 *
 * <p>A derived name is taken when the instance first records (instances a library builds and drops
 * unused, such as the loser of a race to build a singleton, take none), and is free again once its
 * instance is collected. A library's name is not taken: instances with one name share one series.
 */
final class InstanceNames {

    private static final StackWalker WALKER = StackWalker.getInstance();

    /** What an instance may be called: the library's name, or derived names in order of preference. */
    private static final class Candidates {
        final String libraryName;
        final String[] derived;

        Candidates(String libraryName, String[] derived) {
            this.libraryName = libraryName;
            this.derived = derived;
        }
    }

    private final Map<String, String> configured;
    private final Map<String, WeakReference<Object>> claimed = new HashMap<>();
    private final InstanceSeries<Candidates> remembered = new InstanceSeries<>();

    /** @param configured the family's names setting: derived or library name to the name to show */
    InstanceNames(Map<String, String> configured) {
        this.configured = configured;
    }

    /**
     * Remembers what to call an instance when it first records (call this from its constructor): the
     * library's name, else the name the setting gives its class (an instance of a class named in a
     * role), else where it is being built. Nothing is exported for an instance until it records, so
     * a cache used only through another instrumented API (Caffeine under Spring) shows once.
     *
     * @param library the package prefix (ending in a dot), or the class, whose frames are the library's own
     * @param sharedBy a library class whose static methods hand out one shared instance, or null
     * @param libraryName the library's own name for the instance, or null
     */
    void remember(Object instance, String library, String sharedBy, String libraryName) {
        if (remembered.get(instance) != null) {
            return;
        }
        if (libraryName != null) {
            remembered.register(instance, new Candidates(shown(libraryName), null));
            return;
        }
        String given = configured.get(library);
        String[] derived = given != null ? new String[] {given} : creationSite(library, sharedBy);
        if (derived == null) {
            derived = new String[] {instance.getClass().getSimpleName()};
        }
        remembered.register(instance, new Candidates(null, derived));
    }

    /** The library's name for an instance, as shown, or null when it has none or its construction was not seen. */
    String libraryName(Object instance) {
        Candidates c = remembered.get(instance);
        return c == null ? null : c.libraryName;
    }

    /**
     * The derived name an instance's series carries: the first remembered candidate no live instance
     * holds, made unique; {@code unremembered} for an instance whose construction was not seen.
     */
    String nameFor(Object instance, Supplier<String> unremembered) {
        Candidates c = remembered.get(instance);
        if (c != null && c.libraryName != null) {
            return c.libraryName;
        }
        return claim(instance, c != null ? c.derived : new String[] {unremembered.get()});
    }

    /** A library's name as shown: the names setting may map it to another. */
    String shown(String libraryName) {
        return configured.getOrDefault(libraryName, libraryName);
    }

    /** The first candidate no live instance holds, else the first made unique with {@code #n}. */
    private synchronized String claim(Object instance, String[] candidates) {
        claimed.values().removeIf(owner -> owner.get() == null);
        for (String candidate : candidates) {
            String name = shown(candidate);
            if (!claimed.containsKey(name)) {
                claimed.put(name, new WeakReference<>(instance));
                return name;
            }
        }
        String base = shown(candidates[0]);
        for (int n = 2; ; n++) {
            String name = base + "#" + n;
            if (!claimed.containsKey(name)) {
                claimed.put(name, new WeakReference<>(instance));
                return name;
            }
        }
    }

    /** The app's frame that built the instance, or the shared entry point it called; null when there is none. */
    private static String[] creationSite(String library, String sharedBy) {
        return WALKER.walk(frames -> {
            StackWalker.StackFrame entry = null;
            for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) frames::iterator) {
                String className = f.getClassName();
                if (sharedBy != null && className.equals(sharedBy)) {
                    entry = f;
                } else if (!isInfrastructure(className, library)) {
                    if (entry != null) {
                        return new String[] {simpleName(entry.getClassName()) + "." + entry.getMethodName()};
                    }
                    String base = simpleName(className) + "#" + f.getMethodName();
                    return new String[] {base, base + ":" + f.getLineNumber()};
                }
            }
            return null;
        });
    }

    /** @param library a package prefix ending in a dot, or a class (with its nested classes) */
    private static boolean isInfrastructure(String className, String library) {
        boolean inLibrary = library.endsWith(".") ? className.startsWith(library)
                : className.equals(library) || className.startsWith(library + "$");
        return inLibrary || className.startsWith("java.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || AgentPackages.contains(className);
    }

    static String simpleName(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int nested = simple.lastIndexOf('$');
        return nested >= 0 && nested < simple.length() - 1 && !Character.isDigit(simple.charAt(nested + 1))
                ? simple.substring(nested + 1) : simple;
    }
}
