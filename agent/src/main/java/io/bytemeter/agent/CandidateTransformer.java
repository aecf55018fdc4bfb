package io.bytemeter.agent;

import io.bytemeter.instrumentation.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The agent's one transformer. Each class goes to Byte Buddy only when {@link CandidateFilter}
 * says an instrumentation may transform it; every other class is turned away here, in JDK code.
 * Byte Buddy (about 900 classes and a third of a second on the project's machine) is built on the
 * first candidate, which it transforms as that class loads, so nothing of it is missed; an app
 * without any instrumented library never loads it.
 */
final class CandidateTransformer implements ClassFileTransformer {

    private final Instrumentation jvm;
    private final CandidateFilter filter;
    private final Supplier<ClassFileTransformer> byteBuddy;
    private volatile ClassFileTransformer built;
    private boolean building;
    private boolean failed;

    /** @param byteBuddy builds Byte Buddy's transformer, unregistered: this one calls it */
    CandidateTransformer(Instrumentation jvm, CandidateFilter filter, Supplier<ClassFileTransformer> byteBuddy) {
        this.jvm = jvm;
        this.filter = filter;
        this.byteBuddy = byteBuddy;
    }

    /**
     * Registers this transformer; when candidates have loaded already (before premain, or custom
     * code named in settings that the app loaded first), builds Byte Buddy now and retransforms them.
     */
    void register() {
        jvm.addTransformer(this, true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : jvm.getAllLoadedClasses()) {
            if (jvm.isModifiableClass(type) && filter.matches(type)) {
                loaded.add(type);
            }
        }
        if (!loaded.isEmpty() && byteBuddy() != null) {
            retransform(loaded);
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) throws java.lang.instrument.IllegalClassFormatException {
        if (className == null || !filter.matches(loader, className, classfileBuffer)) {
            return null;
        }
        ClassFileTransformer transformer = built != null ? built : byteBuddy();
        return transformer == null ? null
                : transformer.transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }

    /** Built once, on the first candidate; classes the building itself loads on this thread pass untouched. */
    private synchronized ClassFileTransformer byteBuddy() {
        if (built == null && !failed && !building) {
            building = true;
            try {
                built = byteBuddy.get();
                failed = built == null;
            } catch (RuntimeException | LinkageError e) {
                failed = true;
                AgentLog.error("could not install the agent's transformations; the app runs unmeasured", e);
            } finally {
                building = false;
            }
        }
        return building ? null : built;
    }

    /** Logs when done: from then on, every call to those classes is counted. */
    private void retransform(List<Class<?>> loaded) {
        int done = loaded.size();
        try {
            jvm.retransformClasses(loaded.toArray(new Class<?>[0]));
        } catch (UnmodifiableClassException | RuntimeException | LinkageError all) {
            for (Class<?> type : loaded) {
                try {
                    jvm.retransformClasses(type);
                } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                    done--;
                    AgentLog.warn("could not instrument " + type.getName() + ", loaded before the agent, it runs unmeasured: " + e);
                }
            }
        }
        AgentLog.info("retransformed " + done + " of the " + loaded.size() + " candidate classes loaded before the agent started");
    }
}
