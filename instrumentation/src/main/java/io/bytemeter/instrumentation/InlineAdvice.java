package io.bytemeter.instrumentation;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Advice classes inlined into the methods that matchers select, as Byte Buddy's
 * {@code AgentBuilder.Transformer.ForAdvice} does (without {@code AgentBuilder}, which the jar
 * leaves out), but each advice class read and resolved once per class loader of the classes it is
 * applied to, where {@code ForAdvice} reads, describes and resolves every advice class again for
 * each class it transforms (a role's spec or JMS's advice serves many). Per loader, not once,
 * because an advice class may name the library's types, which only the library's loader can describe.
 */
public final class InlineAdvice implements Transformations.Transformer {

    private final Advice.WithCustomMapping mapping;
    private final List<Entry> entries;
    /** Per loader of the transformed classes (null for the boot loader), each entry's advice. */
    private final Map<ClassLoader, List<Advice>> resolved = new WeakHashMap<>();

    /** Advice classes of the agent's, read through {@link AgentClasses#loader()}. */
    public InlineAdvice() {
        this(Advice.withCustomMapping());
    }

    /** As {@link #InlineAdvice()}, with advice parameters bound by {@code mapping}. */
    public InlineAdvice(Advice.WithCustomMapping mapping) {
        this(mapping, List.of());
    }

    private InlineAdvice(Advice.WithCustomMapping mapping, List<Entry> entries) {
        this.mapping = mapping;
        this.entries = entries;
    }

    /** A copy that also inlines the advice class {@code adviceName} into the methods {@code methods} accepts. */
    public InlineAdvice advice(ElementMatcher<? super MethodDescription> methods, String adviceName) {
        return advice(methods, adviceName, adviceName);
    }

    /** As {@link #advice(ElementMatcher, String)}, the method enter advice of one class and the exit advice of another. */
    public InlineAdvice advice(ElementMatcher<? super MethodDescription> methods, String enterName, String exitName) {
        List<Entry> more = new ArrayList<>(entries);
        more.add(new Entry(methods, enterName, exitName));
        return new InlineAdvice(mapping, more);
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader,
            JavaModule module, ProtectionDomain protectionDomain) {
        List<Advice> advice = resolved(loader);
        AsmVisitorWrapper.ForDeclaredMethods wrapper = new AsmVisitorWrapper.ForDeclaredMethods();
        for (int i = 0; i < entries.size(); i++) {
            wrapper = wrapper.invokable(entries.get(i).methods, advice.get(i));
        }
        return builder.visit(wrapper);
    }

    private List<Advice> resolved(ClassLoader loader) {
        synchronized (resolved) {
            List<Advice> advice = resolved.get(loader);
            if (advice == null) {
                ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.ForClassLoader.of(AgentClasses.loader()),
                        ClassFileLocator.ForClassLoader.WeaklyReferenced.of(loader));
                TypePool pool = TypePools.lazy(locator);
                advice = new ArrayList<>(entries.size());
                for (Entry entry : entries) {
                    advice.add(entry.enterName.equals(entry.exitName)
                            ? mapping.to(pool.describe(entry.enterName).resolve(), locator)
                            : mapping.to(pool.describe(entry.enterName).resolve(), pool.describe(entry.exitName).resolve(), locator));
                }
                resolved.put(loader, advice);
            }
            return advice;
        }
    }

    private static final class Entry {
        private final ElementMatcher<? super MethodDescription> methods;
        private final String enterName;
        private final String exitName;

        Entry(ElementMatcher<? super MethodDescription> methods, String enterName, String exitName) {
            this.methods = methods;
            this.enterName = enterName;
            this.exitName = exitName;
        }
    }
}
