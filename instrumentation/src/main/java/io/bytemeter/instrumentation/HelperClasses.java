package io.bytemeter.instrumentation;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Defines an instrumentation's helper classes (subclasses of a library's own types, such as a gRPC
 * stream tracer) in the class loader of the library class being transformed, once per loader,
 * before that class's advice can name them. They cannot live in the agent's loader: a container's
 * loader sees the library, the agent's does not. The bytes are the agent jar's own; the agent
 * opens {@code java.lang} to itself at start-up so that it may call
 * {@code ClassLoader.defineClass}. A loader the helpers cannot be defined in is logged once and its
 * library class left alone (the transformer fails, so Byte Buddy leaves the class unchanged).
 */
public final class HelperClasses implements Transformations.Transformer {

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
            ClassFileLocator agentClasses = ClassFileLocator.ForClassLoader.of(AgentClasses.loader());
            for (String name : names) {
                define(loader, name, agentClasses.locate(name).resolve());
            }
            injected.put(loader, true);
        } catch (Exception | LinkageError e) {
            AgentLog.warn("instrumentation " + instrumentation + ": cannot define its helper classes in " + loader
                    + " (" + e + "); the library runs unmeasured there");
            throw new IllegalStateException("helper classes not defined", e);
        }
    }

    /**
     * Through the loader's own {@code defineClass}, not Byte Buddy's injector, whose fallback asks
     * {@code loadClass} first: the agent jar is on the boot class path, so that would define the
     * helper in the boot loader, which cannot see the library it extends.
     */
    private static void define(ClassLoader loader, String name, byte[] classFile) throws ReflectiveOperationException {
        synchronized (LoaderMethods.GET_LOCK.invoke(loader, name)) {
            if (LoaderMethods.FIND_LOADED.invoke(loader, name) == null) {
                try {
                    LoaderMethods.DEFINE.invoke(loader, name, classFile, 0, classFile.length, null);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof LinkageError) {
                        throw (LinkageError) e.getCause();
                    }
                    throw e;
                }
            }
        }
    }

    /** {@code ClassLoader}'s protected methods, accessible once the agent has opened {@code java.lang} to itself. */
    private static final class LoaderMethods {
        static final Method GET_LOCK = method("getClassLoadingLock", String.class);
        static final Method FIND_LOADED = method("findLoadedClass", String.class);
        static final Method DEFINE = method("defineClass", String.class, byte[].class, int.class, int.class, ProtectionDomain.class);

        private static Method method(String name, Class<?>... parameters) {
            try {
                Method method = ClassLoader.class.getDeclaredMethod(name, parameters);
                method.setAccessible(true);
                return method;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
