package io.bytemeter.agent;

import io.bytemeter.instrumentation.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.function.Supplier;

/**
 * Defers Byte Buddy until an instrumented library shows up. Until then this JDK-only transformer
 * compares each loading class's name with the libraries' prefixes and returns at once; Byte Buddy
 * (about 900 classes and a third of a second on the project's machine) is not loaded at all for
 * an app without those libraries. The first class that matches builds the agent's transformer,
 * which transforms that very class (it is being loaded now, so nothing of it is missed) and every
 * class after it; this one then steps aside.
 */
final class LibraryTrigger implements ClassFileTransformer {

    private final Instrumentation jvm;
    private final String[] prefixes;
    private final Supplier<ClassFileTransformer> installer;
    private volatile ClassFileTransformer installed;
    private boolean installing;
    private boolean failed;

    /** @param installer builds and registers the agent's transformer, returning it; null when it could not */
    LibraryTrigger(Instrumentation jvm, List<String> prefixes, Supplier<ClassFileTransformer> installer) {
        this.jvm = jvm;
        this.prefixes = prefixes.toArray(new String[0]);
        this.installer = installer;
    }

    /** Whether a class of one of the libraries is loaded already (before premain, or by the JDK itself). */
    boolean anyLoaded() {
        for (Class<?> type : jvm.getAllLoadedClasses()) {
            if (matches(type.getName().replace('.', '/'))) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(String internalName) {
        for (String prefix : prefixes) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) throws java.lang.instrument.IllegalClassFormatException {
        if (className == null || installed == null && !matches(className)) {
            return null;
        }
        ClassFileTransformer transformer = install();
        return transformer == null ? null
                : transformer.transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }

    /** Once, on the first matching class; classes the installation itself loads on this thread pass untouched. */
    private synchronized ClassFileTransformer install() {
        if (installed == null && !failed && !installing) {
            installing = true;
            try {
                installed = installer.get();
                failed = installed == null;
                jvm.removeTransformer(this);
            } catch (RuntimeException | LinkageError e) {
                failed = true;
                AgentLog.error("could not install the agent's transformations; the app runs unmeasured", e);
            } finally {
                installing = false;
            }
        }
        return installing ? null : installed;
    }
}
