package io.bytemeter.agent;

import io.bytemeter.instrumentation.AgentPackages;
import io.bytemeter.instrumentation.Candidates;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's first filter: whether a class may be transformed by any active instrumentation,
 * told from its name and the super types its class file declares, before Byte Buddy is loaded or
 * asked. An app class that extends another app class is decided by reading that class's header
 * through the same class loader (as Byte Buddy's type pool would, but only the header), once per
 * loader and name. Measured on the library-cache demo: Byte Buddy's own matching of the 1,155
 * classes loaded after it was installed took 700 ms; most classes now never reach it. A loader
 * through which none of the named super types can be found cannot define a subtype of one, so
 * its classes are turned away by name alone: in the Kafka demo (5,600 classes, none of those
 * libraries) reading super types' headers took 140 ms of the filter's 190.
 */
final class CandidateFilter {

    /** Deeper than any real hierarchy; stops a cycle in malformed class files. */
    private static final int MAX_DEPTH = 64;

    private final Set<String> names;
    private final Set<String> superTypes;
    private final Set<String> bootstrapTypes;
    private final boolean jdkSuperTypes;
    private final Map<ClassLoader, Map<String, Boolean>> subtypes = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<ClassLoader, Boolean> seesSuperTypes = Collections.synchronizedMap(new WeakHashMap<>());

    /** @param bootstrapTypes binary names of the JDK classes let through; nothing else of the boot loader is */
    CandidateFilter(Candidates candidates, Set<String> bootstrapTypes) {
        this.names = new HashSet<>(candidates.names());
        this.superTypes = new HashSet<>(candidates.superTypes());
        this.bootstrapTypes = new HashSet<>();
        for (String type : bootstrapTypes) {
            this.bootstrapTypes.add(type.replace('.', '/'));
        }
        // JDK classes never extend a library's types, so their headers need reading only when a super type is the JDK's
        this.jdkSuperTypes = superTypes.stream().anyMatch(type -> type.startsWith("java/"));
    }

    /** For a class being loaded (or retransformed), by internal name and class file. */
    boolean matches(ClassLoader loader, String internalName, byte[] classFile) {
        if (loader == null) {
            return bootstrapTypes.contains(internalName);
        }
        if (names.contains(internalName)) {
            return true;
        }
        if (superTypes.isEmpty() || isAgentClass(internalName) || !seesAnySuperType(loader)) {
            return false;
        }
        List<String> declared;
        try {
            declared = ClassFileHeader.superTypes(classFile);
        } catch (IllegalArgumentException e) {
            return false; // the JVM rejects it too
        }
        boolean subtype = superTypes.contains(internalName) || anySubtype(loader, declared, 0);
        loaderCache(loader).put(internalName, subtype);
        return subtype;
    }

    /** For a class loaded already, through reflection. */
    boolean matches(Class<?> type) {
        String internalName = type.getName().replace('.', '/');
        if (type.getClassLoader() == null) {
            return bootstrapTypes.contains(internalName);
        }
        return names.contains(internalName) || isSubtype(type);
    }

    private boolean isSubtype(Class<?> type) {
        if (type == null) {
            return false;
        }
        if (superTypes.contains(type.getName().replace('.', '/')) || isSubtype(type.getSuperclass())) {
            return true;
        }
        for (Class<?> implemented : type.getInterfaces()) {
            if (isSubtype(implemented)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether one of the named super types can be found through the loader, asked once per loader
     * (at its first class, when its class path is set: a library added to a loader after that is
     * not looked for, see the architecture's known gaps).
     */
    private boolean seesAnySuperType(ClassLoader loader) {
        Boolean sees = seesSuperTypes.get(loader);
        if (sees == null) {
            sees = superTypes.stream().anyMatch(type -> loader.getResource(type + ".class") != null);
            seesSuperTypes.put(loader, sees);
        }
        return sees;
    }

    /** The agent's own classes (Byte Buddy, as it is built) are never candidates; their headers need no reading. */
    private static boolean isAgentClass(String internalName) {
        return internalName.startsWith("io/bytemeter/") && AgentPackages.contains(internalName.replace('/', '.'));
    }

    private boolean anySubtype(ClassLoader loader, List<String> declared, int depth) {
        for (String type : declared) {
            if (superTypes.contains(type) || isSubtype(loader, type, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    private boolean isSubtype(ClassLoader loader, String internalName, int depth) {
        if (depth > MAX_DEPTH || !jdkSuperTypes && internalName.startsWith("java/")) {
            return false;
        }
        Map<String, Boolean> known = loaderCache(loader);
        Boolean subtype = known.get(internalName);
        if (subtype == null) {
            subtype = anySubtype(loader, declaredBy(loader, internalName), depth);
            known.put(internalName, subtype);
        }
        return subtype;
    }

    /** Read through the loader, outside any lock of ours: a loader may load classes while it answers. */
    private static List<String> declaredBy(ClassLoader loader, String internalName) {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? List.of() : ClassFileHeader.superTypes(in.readAllBytes());
        } catch (IOException | IllegalArgumentException e) {
            return List.of(); // unreadable: Byte Buddy could not describe it either
        }
    }

    private Map<String, Boolean> loaderCache(ClassLoader loader) {
        Map<String, Boolean> known = subtypes.get(loader);
        if (known == null) {
            known = new ConcurrentHashMap<>();
            Map<String, Boolean> raced = subtypes.putIfAbsent(loader, known);
            known = raced == null ? known : raced;
        }
        return known;
    }
}
