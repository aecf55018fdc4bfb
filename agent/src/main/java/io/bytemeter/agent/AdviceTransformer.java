package io.bytemeter.agent;

import io.bytemeter.agent.metrics.AgentMetrics;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.AddedField;
import io.bytemeter.instrumentation.AgentLog;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.Transformations;
import io.bytemeter.instrumentation.TypePools;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Applies the active instrumentations' {@link Transformations} to the candidate classes that
 * {@link CandidateTransformer} hands it: describes the class from its bytes, decorates it with
 * every transformer whose matcher accepts it, and returns the new bytes. Advice only wraps
 * methods, so the type is decorated, never redefined: no method graph over its super types, no
 * bridges, no new members (what the JVM requires of a retransformation) but {@link AddedField},
 * added where the JVM allows it. Every use of Byte Buddy
 * in the agent is here, so an app without instrumented libraries never loads any of it.
 */
final class AdviceTransformer implements ClassFileTransformer {

    private final java.lang.instrument.Instrumentation jvm;
    private final List<Active> instrumentations;
    private final ByteBuddy byteBuddy = new ByteBuddy()
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
            .with(VisibilityBridgeStrategy.Default.NEVER)
            .with(InstrumentedType.Factory.Default.FROZEN)
            .with(Implementation.Context.Disabled.Factory.INSTANCE);
    private final ThreadLocal<Boolean> transforming = new ThreadLocal<>();

    private AdviceTransformer(java.lang.instrument.Instrumentation jvm, List<Active> instrumentations) {
        this.jvm = jvm;
        this.instrumentations = instrumentations;
    }

    /**
     * Nothing of an instrumentation is built here: its transformations are built when its first
     * candidate loads (a quarter of the UUID hello world's start-up went into building those of
     * libraries the app does not have).
     *
     * @param active each active instrumentation with the classes it may transform
     */
    static ClassFileTransformer build(java.lang.instrument.Instrumentation jvm, Map<Instrumentation, CandidateFilter> active,
            InstrumentationContext context, AgentMetrics agentMetrics) {
        if (System.getProperty("net.bytebuddy.safe") == null) {
            System.setProperty("net.bytebuddy.safe", "true");
        }
        openJavaLangToTheAgent(jvm);
        List<Active> units = new ArrayList<>();
        active.forEach((instrumentation, candidates) -> units.add(new Active(instrumentation, candidates, context, agentMetrics)));
        return new AdviceTransformer(jvm, units);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classFile) {
        if (transforming.get() != null) {
            return null; // a class loaded while this thread transforms another: never ours to change
        }
        transforming.set(Boolean.TRUE);
        String name = internalName.replace('/', '.');
        try {
            List<Transformations.Entry> entries = new ArrayList<>();
            for (Active instrumentation : instrumentations) {
                if (instrumentation.candidates.matches(loader, internalName, classFile)) {
                    entries.addAll(instrumentation.entries());
                }
            }
            if (entries.isEmpty()) {
                return null;
            }
            ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, classFile),
                    loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
            TypePool pool = TypePools.lazy(locator);
            TypeDescription type = pool.describe(name).resolve();
            if (type.isSynthetic()) {
                return null;
            }
            JavaModule javaModule = JavaModule.of(module);
            DynamicType.Builder<?> builder = null;
            boolean fieldAllowed = AddedField.allowed(classBeingRedefined);
            for (Transformations.Entry entry : entries) {
                if (matches(entry, type)) {
                    Transformations.Transformer transformer = fieldAllowed ? entry.transformer() : entry.transformerWithoutField();
                    builder = transformer.transform(builder == null ? byteBuddy.decorate(type, locator) : builder,
                            type, loader, javaModule, protectionDomain);
                }
            }
            if (builder == null) {
                return null;
            }
            byte[] transformed = builder.make(pool).getBytes();
            readBootstrapApi(module);
            AgentLog.debug("transformed " + name);
            return transformed;
        } catch (RuntimeException | LinkageError e) {
            AgentLog.warn("could not instrument " + name + ", it runs unmeasured: " + e);
            return null;
        } finally {
            transforming.remove();
        }
    }

    /**
     * Whether the entry's matcher accepts the type. A matcher that cannot decide (a super type that
     * cannot be described, such as an interface another agent defined without a class file) does
     * not, and the other instrumentations' matchers still apply to the type.
     */
    private static boolean matches(Transformations.Entry entry, TypeDescription type) {
        try {
            return entry.matcher().matches(type);
        } catch (RuntimeException | LinkageError e) {
            AgentLog.debug("cannot match " + type.getName() + " against " + entry.matcher() + ": " + e);
            return false;
        }
    }

    /** A JDK class (in a named module) that advice is inlined into must read the bootstrap API's unnamed module. */
    private void readBootstrapApi(Module module) {
        Module api = Timing.class.getModule();
        if (module != null && module.isNamed() && !module.canRead(api)) {
            jvm.redefineModule(module, Set.of(api), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }

    /**
     * Helper classes are defined in an app's class loader through {@code ClassLoader.defineClass}
     * ({@code HelperClasses}); from Java 9 on that needs {@code java.lang} open to the agent's
     * module, which only an agent can grant itself, and does here.
     */
    private static void openJavaLangToTheAgent(java.lang.instrument.Instrumentation jvm) {
        try {
            Module javaBase = Object.class.getModule();
            jvm.redefineModule(javaBase, Set.of(), Map.of(), Map.of("java.lang", Set.of(AdviceTransformer.class.getModule())),
                    Set.of(), Map.of());
        } catch (RuntimeException e) {
            AgentLog.warn("cannot open java.lang to the agent (" + e + "); libraries that need helper classes run unmeasured");
        }
    }

    /** An active instrumentation, its transformations built on its first candidate (and logged applied then). */
    private static final class Active {
        private final Instrumentation instrumentation;
        private final CandidateFilter candidates;
        private final InstrumentationContext context;
        private final AgentMetrics agentMetrics;
        private List<Transformations.Entry> entries;

        Active(Instrumentation instrumentation, CandidateFilter candidates, InstrumentationContext context, AgentMetrics agentMetrics) {
            this.instrumentation = instrumentation;
            this.candidates = candidates;
            this.context = context;
            this.agentMetrics = agentMetrics;
        }

        /** Empty when the instrumentation failed to set up, which is logged once. */
        synchronized List<Transformations.Entry> entries() {
            if (entries == null) {
                try {
                    entries = instrumentation.extend(new Transformations(), context).entries();
                    AgentLog.info("instrumentation " + instrumentation.name() + ": applied");
                    agentMetrics.instrumentation(instrumentation.name(), "applied");
                } catch (RuntimeException | LinkageError e) {
                    entries = List.of();
                    AgentLog.error("instrumentation " + instrumentation.name() + ": skipped, it failed to set up", e);
                    agentMetrics.instrumentation(instrumentation.name(), "failed");
                }
            }
            return entries;
        }
    }
}
