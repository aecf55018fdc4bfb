package io.bytemeter.agent;

import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.bytemeter.agent.metrics.AgentMetrics;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.AgentLog;
import io.bytemeter.instrumentation.AgentPackages;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import java.lang.instrument.ClassFileTransformer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.utility.JavaModule;

/**
 * Byte Buddy's transformer for the active instrumentations, built by {@link CandidateTransformer}
 * on the first candidate class. Every use of Byte Buddy in the agent is here, so that an app
 * without instrumented libraries never loads (or verifies) any of it.
 */
final class AdviceTransformer {

    private AdviceTransformer() {}

    /** The one {@code AgentBuilder}, unregistered: retransformation, no class-format changes, every active instrumentation. */
    static ClassFileTransformer build(java.lang.instrument.Instrumentation jvm, List<Instrumentation> active,
            Set<String> jdkTypes, InstrumentationContext context, AgentMetrics agentMetrics) {
        if (System.getProperty("net.bytebuddy.safe") == null) {
            System.setProperty("net.bytebuddy.safe", "true");
        }
        openJavaLangToTheAgent(jvm);
        // advice only wraps methods: no method graph over the super types, no bridges, the type decorated, not redefined
        AgentBuilder builder = new AgentBuilder.Default(new ByteBuddy()
                        .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
                        .with(VisibilityBridgeStrategy.Default.NEVER)
                        .with(InstrumentedType.Factory.Default.FROZEN))
                .disableClassFormatChanges()
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new FailureLog())
                // JDK classes that advice is inlined into must read the bootstrap API's (unnamed) module
                .assureReadEdgeTo(jvm, JavaModule.ofType(Timing.class))
                .ignore(not(namedOneOf(jdkTypes.toArray(new String[0]))), isBootstrapClassLoader())
                .or(type -> AgentPackages.contains(type.getName()) || type.isSynthetic());
        for (Instrumentation instrumentation : active) {
            try {
                builder = instrumentation.extend(builder, context);
                AgentLog.info("instrumentation " + instrumentation.name() + ": applied");
                agentMetrics.instrumentation(instrumentation.name(), "applied");
            } catch (RuntimeException | LinkageError e) {
                AgentLog.error("instrumentation " + instrumentation.name() + ": skipped, it failed to set up", e);
                agentMetrics.instrumentation(instrumentation.name(), "failed");
            }
        }
        return builder.makeRaw();
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

    /** Logs a class that could not be transformed; the class loads unchanged. */
    private static final class FailureLog extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
            AgentLog.warn("could not instrument " + typeName + ", it runs unmeasured: " + throwable);
        }

        @Override
        public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module,
                boolean loaded, net.bytebuddy.dynamic.DynamicType dynamicType) {
            AgentLog.debug("transformed " + typeDescription.getName());
        }
    }
}
