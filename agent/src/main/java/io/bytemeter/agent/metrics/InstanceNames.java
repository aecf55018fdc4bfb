package io.bytemeter.agent.metrics;

import io.bytemeter.instrumentation.AgentPackages;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Names library instances (caches, ID generators) as a person would recognise them and as they
 * stay across restarts: the library's own name (a JCache name, an Ehcache alias), else where the
 * instance was built ({@code UserService#<init>}, with {@code :line} added when one method builds
 * several), else, for an instance a library shares among its callers through static methods, the
 * method the app called ({@code IdWorker.getId}); a names setting ({@code bytemeter.cache.names},
 * {@code bytemeter.id.names}) maps such a name to another. Never an identity hash.
 */
final class InstanceNames {

    private static final StackWalker WALKER = StackWalker.getInstance();

    private final Map<String, String> configured;
    private final Map<String, Integer> taken = new HashMap<>();
    private final InstanceSeries<String[]> remembered = new InstanceSeries<>();

    /** @param configured the family's names setting: derived or library name to the name to show */
    InstanceNames(Map<String, String> configured) {
        this.configured = configured;
    }

    /**
     * Remembers what to call an instance when it first records: the library's name, else the name
     * the setting gives its class (an instance of a class named in a role), else where it is being
     * built (call this from its constructor). Nothing is exported for an instance until then, so a
     * cache used only through another instrumented API (Ehcache under JCache) shows once.
     *
     * @param library the package prefix (ending in a dot), or the class, whose frames are the library's own
     * @param sharedBy a library class whose static methods hand out one shared instance, or null
     * @param libraryName the library's own name for the instance, or null
     */
    void remember(Object instance, String library, String sharedBy, String libraryName) {
        if (remembered.get(instance) != null) {
            return;
        }
        String given = libraryName != null ? libraryName : configured.get(library);
        String[] candidates;
        if (given != null) {
            candidates = new String[] {given};
        } else {
            candidates = creationSite(library, sharedBy);
            if (candidates == null) {
                candidates = new String[] {instance.getClass().getSimpleName()};
            }
        }
        remembered.register(instance, candidates);
    }

    /**
     * The name an instance's series carries: the first remembered candidate no live series has, made
     * unique; {@code unremembered} for an instance whose construction was not seen (built before the agent).
     */
    synchronized String nameFor(Object instance, Supplier<String> unremembered) {
        String[] candidates = remembered.get(instance);
        if (candidates == null) {
            candidates = new String[] {unremembered.get()};
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
