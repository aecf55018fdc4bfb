package io.bytemeter.instrumentation;

import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassInjector;
import net.bytebuddy.utility.JavaModule;

/**
 * Defines an instrumentation's helper classes (subclasses of a library's own types, such as a gRPC
 * stream tracer) in the class loader of the library class being transformed, once per loader,
 * before that class's advice can name them. They cannot live in the agent's loader: a container's
 * loader sees the library, the agent's does not. The bytes are the agent jar's own; the agent
 * opens {@code java.lang} to itself at start-up so that Byte Buddy may call
 * {@code ClassLoader.defineClass}. A loader the helpers cannot be defined in is logged once and its
 * library class left alone (the transformer fails, so Byte Buddy leaves the class unchanged).
 */
public final class HelperClasses implements AgentBuilder.Transformer {

    private final String instrumentation;
    private final List<String> names;
    private final Map<ClassLoader, Boolean> injected = Collections.synchronizedMap(new WeakHashMap<>());

    public HelperClasses(String instrumentation, List<String> names) {
        this.instrumentation = instrumentation;
        this.names = names;
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader,
            JavaModule module, ProtectionDomain protectionDomain) {
        if (loader != null && injected.get(loader) == null) {
            inject(loader);
        }
        return builder;
    }

    private synchronized void inject(ClassLoader loader) {
        if (injected.get(loader) != null) {
            return;
        }
        try {
            ClassFileLocator agentClasses = ClassFileLocator.ForClassLoader.of(HelperClasses.class.getClassLoader());
            Map<String, byte[]> classes = new LinkedHashMap<>();
            for (String name : names) {
                classes.put(name, agentClasses.locate(name).resolve());
            }
            new ClassInjector.UsingReflection(loader).injectRaw(classes);
            injected.put(loader, true);
        } catch (Exception | LinkageError e) {
            AgentLog.warn("instrumentation " + instrumentation + ": cannot define its helper classes in " + loader
                    + " (" + e + "); the library runs unmeasured there");
            throw new IllegalStateException("helper classes not defined", e);
        }
    }
}
