package io.bytemeter.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.named;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Matches a library class only when it has every method (and field) its instrumentation relies
 * on, and logs, once per class, either that it is instrumented or what is missing (a library
 * version the agent does not know). A class of the wrong shape is left alone whole, so nothing is
 * half counted.
 */
public final class LibraryShape implements ElementMatcher<TypeDescription> {

    private static final Map<String, Boolean> LOGGED = new ConcurrentHashMap<>();

    private final String instrumentation;
    private final Map<String, ElementMatcher<? super MethodDescription>> required;
    private final List<String> fields;

    /** @param required each method the class must declare, by a readable description of it */
    public LibraryShape(String instrumentation, Map<String, ElementMatcher<? super MethodDescription>> required) {
        this(instrumentation, required, List.of());
    }

    /** @param fields the fields the class must declare, by name: those its advice reads */
    public LibraryShape(String instrumentation, Map<String, ElementMatcher<? super MethodDescription>> required,
            List<String> fields) {
        this.instrumentation = instrumentation;
        this.required = required;
        this.fields = fields;
    }

    @Override
    public boolean matches(TypeDescription type) {
        for (Map.Entry<String, ElementMatcher<? super MethodDescription>> method : required.entrySet()) {
            if (type.getDeclaredMethods().filter(method.getValue()).isEmpty()) {
                return unknownVersion(type, method.getKey());
            }
        }
        for (String field : fields) {
            if (type.getDeclaredFields().filter(named(field)).isEmpty()) {
                return unknownVersion(type, "field " + field);
            }
        }
        if (LOGGED.putIfAbsent(type.getName(), true) == null) {
            AgentLog.info("instrumentation " + instrumentation + ": instrumenting " + type.getName());
        }
        return true;
    }

    private boolean unknownVersion(TypeDescription type, String missing) {
        if (LOGGED.putIfAbsent(type.getName(), false) == null) {
            AgentLog.warn("instrumentation " + instrumentation + ": skipped " + type.getName()
                    + ", a version the agent does not know (it has no " + missing + "); the app runs unmeasured there");
        }
        return false;
    }
}
