package io.bytemeter.instrumentation;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * A cheap pre-filter: class loaders that cannot see a library's API type cost nothing more, so
 * an instrumentation that matches on subtypes only walks type hierarchies where the API exists.
 */
public final class ClassLoaderHasType implements ElementMatcher<ClassLoader> {

    private final String typeName;
    private final Map<ClassLoader, Boolean> seen = Collections.synchronizedMap(new WeakHashMap<>());

    public ClassLoaderHasType(String typeName) {
        this.typeName = typeName;
    }

    @Override
    public boolean matches(ClassLoader loader) {
        if (loader == null) {
            return false;
        }
        Boolean hasType = seen.get(loader);
        if (hasType == null) {
            // looked up outside the map's lock: a class loader may load classes while it answers
            hasType = loader.getResource(typeName.replace('.', '/') + ".class") != null;
            seen.put(loader, hasType);
        }
        return hasType;
    }
}
