package io.bytemeter.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;

/**
 * The bootstrap API travels inside the agent jar as {@value #RESOURCE}. Appended to the bootstrap
 * class path, its recorders resolve from every class loader, so advice inlined into any class can
 * call them, and all callers share one copy of each recorder's sink.
 */
final class BootstrapJar {

    static final String RESOURCE = "bytemeter-bootstrap.jar";

    private BootstrapJar() {}

    static void appendTo(Instrumentation instrumentation) throws IOException {
        File file = File.createTempFile("bytemeter-bootstrap-", ".jar");
        file.deleteOnExit();
        try (InputStream in = BootstrapJar.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is missing from the agent jar");
            }
            Files.copy(in, file.toPath(), StandardCopyOption.REPLACE_EXISTING);
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(file));
    }
}
