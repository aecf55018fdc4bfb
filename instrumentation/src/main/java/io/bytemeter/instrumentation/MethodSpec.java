package io.bytemeter.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One method named in a setting, {@code com.acme.Cache#get}: the class may end in {@code +} for
 * every subtype, the method may be {@code *} for every method the class declares.
 */
public final class MethodSpec {

    private final String text;
    private final String className;
    private final boolean subtypes;
    private final String methodName;
    private final AtomicBoolean matched = new AtomicBoolean();

    private MethodSpec(String text, String className, boolean subtypes, String methodName) {
        this.text = text;
        this.className = className;
        this.subtypes = subtypes;
        this.methodName = methodName;
    }

    /**
     * Parses a comma-separated list of specs; blank entries are ignored, and each entry that is not
     * {@code Class#method} is handed to {@code badEntry} with the reason while the others are kept.
     */
    public static List<MethodSpec> parseList(String value, Consumer<String> badEntry) {
        if (value == null || value.isBlank()) {
            return Collections.emptyList();
        }
        List<MethodSpec> specs = new ArrayList<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                specs.add(parse(entry.trim()));
            } catch (IllegalArgumentException e) {
                badEntry.accept(e.getMessage());
            }
        }
        return specs;
    }

    public static MethodSpec parse(String text) {
        int hash = text.indexOf('#');
        if (hash <= 0 || hash != text.lastIndexOf('#') || hash == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not of the form fully.qualified.Class#method");
        }
        String type = text.substring(0, hash);
        String method = text.substring(hash + 1);
        boolean subtypes = type.endsWith("+");
        if (subtypes) {
            type = type.substring(0, type.length() - 1);
        }
        if (!isQualifiedName(type)) {
            throw new IllegalArgumentException("'" + text + "': '" + type + "' is not a class name");
        }
        if (!method.equals("*") && !isIdentifier(method)) {
            throw new IllegalArgumentException("'" + text + "': '" + method + "' is not a method name or *");
        }
        return new MethodSpec(text, type, subtypes, method);
    }

    private static boolean isQualifiedName(String name) {
        for (String part : name.split("\\.", -1)) {
            if (!isIdentifier(part)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdentifier(String name) {
        if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!Character.isJavaIdentifierPart(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public ElementMatcher<TypeDescription> typeMatcher() {
        ElementMatcher.Junction<TypeDescription> exact = named(className);
        return subtypes ? exact.or(hasSuperType(named(className))) : exact;
    }

    /** The classes {@link #typeMatcher()} can match, for the agent's first filter. */
    public Candidates candidates() {
        return subtypes ? Candidates.subtypesOf(className) : Candidates.named(className);
    }

    /** Declared, concrete, non-synthetic methods with the spec's name (any name for {@code *}). */
    public ElementMatcher.Junction<MethodDescription> methodMatcher() {
        ElementMatcher.Junction<MethodDescription> concrete =
                isMethod().and(not(isAbstract())).and(not(isSynthetic())).and(not(isBridge()));
        return methodName.equals("*") ? concrete : concrete.and(named(methodName));
    }

    public String className() {
        return className;
    }

    /** Marks that at least one method was instrumented for this spec. */
    void markMatched() {
        matched.set(true);
    }

    public boolean hasMatched() {
        return matched.get();
    }

    @Override
    public String toString() {
        return text;
    }
}
