package io.bytemeter.instrumentation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The classes an instrumentation may transform, told by name so that the agent can turn every
 * other class away before Byte Buddy sees it: exact class names, and super types whose subtypes,
 * direct or not, may be transformed. A superset
 * is fine, Byte Buddy's matchers decide; a class left out here is never instrumented.
 */
public final class Candidates {

    private final List<String> names;
    private final List<String> superTypes;

    private Candidates(List<String> names, List<String> superTypes) {
        this.names = names;
        this.superTypes = superTypes;
    }

    /** Classes by binary name ({@code com.acme.Cache}, {@code com.acme.Cache$Segment}). */
    public static Candidates named(String... binaryNames) {
        return new Candidates(internal(binaryNames), List.of());
    }

    /** Every class that extends or implements one of {@code binaryNames}, directly or not, and these themselves. */
    public static Candidates subtypesOf(String... binaryNames) {
        return new Candidates(List.of(), internal(binaryNames));
    }

    /** Both together. */
    public Candidates and(Candidates other) {
        List<String> allNames = new ArrayList<>(names);
        allNames.addAll(other.names);
        List<String> allSuperTypes = new ArrayList<>(superTypes);
        allSuperTypes.addAll(other.superTypes);
        return new Candidates(Collections.unmodifiableList(allNames), Collections.unmodifiableList(allSuperTypes));
    }

    /** Internal names ({@code com/acme/Cache}). */
    public List<String> names() {
        return names;
    }

    /** Internal names of the super types. */
    public List<String> superTypes() {
        return superTypes;
    }

    public boolean isEmpty() {
        return names.isEmpty() && superTypes.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(String.join(", ", names).replace('/', '.'));
        for (String superType : superTypes) {
            text.append(text.length() == 0 ? "" : ", ").append("subtypes of ").append(superType.replace('/', '.'));
        }
        return text.toString();
    }

    private static List<String> internal(String... binaryNames) {
        List<String> internal = new ArrayList<>();
        for (String name : binaryNames) {
            internal.add(name.replace('.', '/'));
        }
        return Collections.unmodifiableList(internal);
    }
}
