package io.bytemeter.instrumentation;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * What the instrumentations do to a class, in the shape of Byte Buddy's {@code AgentBuilder}
 * ({@code type(matcher).transform(transformer)}) but without it: the agent applies these itself
 * to the candidate classes, and so never builds an {@code AgentBuilder}, whose transformer class
 * Byte Buddy generates at run time (100 to 150 ms at start-up on the project's machine).
 */
public final class Transformations {

    /** What is done to one class: Byte Buddy's {@code Transformer}, without {@code AgentBuilder}. */
    @FunctionalInterface
    public interface Transformer {
        DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader,
                JavaModule module, ProtectionDomain protectionDomain);
    }

    private final List<Entry> entries = new ArrayList<>();
    private ElementMatcher<? super TypeDescription> matcher;

    /** The transformers that follow apply to the types {@code matcher} accepts. */
    public Transformations type(ElementMatcher<? super TypeDescription> matcher) {
        this.matcher = matcher;
        return this;
    }

    /** Applies {@code transformer} to the types of the last {@link #type}, after the transformers before it. */
    public Transformations transform(Transformer transformer) {
        if (matcher == null) {
            throw new IllegalStateException("transform before type");
        }
        entries.add(new Entry(matcher, transformer, transformer));
        return this;
    }

    /**
     * Applies {@code addingField}, which adds {@link AddedField} to the class, where the class may
     * gain it ({@link AddedField#allowed}); else {@code withoutField}, which does without.
     */
    public Transformations transformAddingField(Transformer addingField, Transformer withoutField) {
        if (matcher == null) {
            throw new IllegalStateException("transform before type");
        }
        entries.add(new Entry(matcher, addingField, withoutField));
        return this;
    }

    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** One matcher and what it applies. */
    public static final class Entry {
        private final ElementMatcher<? super TypeDescription> matcher;
        private final Transformer transformer;
        private final Transformer withoutField;

        Entry(ElementMatcher<? super TypeDescription> matcher, Transformer transformer,
                Transformer withoutField) {
            this.matcher = matcher;
            this.transformer = transformer;
            this.withoutField = withoutField;
        }

        public ElementMatcher<? super TypeDescription> matcher() {
            return matcher;
        }

        public Transformer transformer() {
            return transformer;
        }

        /** The transformer for a class that may not gain {@link AddedField} (retransformed after it loaded without it). */
        public Transformer transformerWithoutField() {
            return withoutField;
        }
    }
}
