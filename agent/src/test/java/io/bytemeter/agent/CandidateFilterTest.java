package io.bytemeter.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import demo.stores.Stores.BaseStore;
import demo.stores.Stores.LruStore;
import demo.stores.Stores.NamedStore;
import demo.stores.Stores.Store;
import demo.stores.Stores.Unrelated;
import io.bytemeter.instrumentation.Candidates;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CandidateFilterTest {

    private final ClassLoader loader = CandidateFilterTest.class.getClassLoader();

    @Test
    void headerNamesTheSuperClassAndInterfacesInOrder() throws IOException {
        assertEquals(List.of(internal(BaseStore.class), "java/util/concurrent/Callable"),
                ClassFileHeader.superTypes(classFile(LruStore.class)));
        assertEquals(List.of("java/lang/Object", internal(NamedStore.class), "java/io/Serializable"),
                ClassFileHeader.superTypes(classFile(BaseStore.class)));
    }

    @Test
    void aClassThatIsNotAClassFileIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClassFileHeader.superTypes(new byte[] {1, 2, 3, 4}));
        assertThrows(IllegalArgumentException.class, () -> ClassFileHeader.superTypes(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0}));
    }

    @Test
    void subtypesAreFoundThroughSuperClassesAndInterfacesNotYetLoadedAsWellAsLoaded() throws IOException {
        CandidateFilter filter = new CandidateFilter(Candidates.subtypesOf(Store.class.getName()), Set.of());
        assertTrue(filter.matches(loader, internal(LruStore.class), classFile(LruStore.class)), "two levels up, through an interface's interface");
        assertTrue(filter.matches(loader, internal(Store.class), classFile(Store.class)), "the type itself");
        assertFalse(filter.matches(loader, internal(Unrelated.class), classFile(Unrelated.class)));
        assertTrue(filter.matches(LruStore.class));
        assertFalse(filter.matches(Unrelated.class));
    }

    @Test
    void theAgentsOwnClassesAreNeverCandidates() throws IOException {
        CandidateFilter filter = new CandidateFilter(Candidates.subtypesOf("java.lang.Object"), Set.of());
        assertFalse(filter.matches(loader, internal(CandidateFilter.class), classFile(CandidateFilter.class)));
        assertTrue(filter.matches(loader, internal(Unrelated.class), classFile(Unrelated.class)));
    }

    @Test
    void namesAreExactAndTheBootLoaderPassesOnlyItsNamedTypes() throws IOException {
        CandidateFilter filter = new CandidateFilter(Candidates.named(LruStore.class.getName(), "java.util.UUID"), Set.of("java.util.UUID"));
        assertTrue(filter.matches(loader, internal(LruStore.class), classFile(LruStore.class)));
        assertFalse(filter.matches(loader, internal(BaseStore.class), classFile(BaseStore.class)));
        assertTrue(filter.matches(null, "java/util/UUID", new byte[0]));
        assertFalse(filter.matches(null, internal(LruStore.class), classFile(LruStore.class)), "the boot loader's classes are the JDK's");
        assertFalse(filter.matches(String.class));
    }

    @Test
    void aJdkSuperTypeIsFollowedOnlyWhenOneIsNamed() throws IOException {
        CandidateFilter runnables = new CandidateFilter(Candidates.subtypesOf("java.lang.Runnable"), Set.of());
        assertTrue(runnables.matches(loader, internal(Unrelated.class), classFile(Unrelated.class)));
        assertFalse(runnables.matches(loader, internal(LruStore.class), classFile(LruStore.class)));
    }

    @Test
    void aLoaderThatCannotSeeAnyNamedSuperTypeDefinesNoSubtypes() throws IOException {
        CandidateFilter filter = new CandidateFilter(Candidates.subtypesOf("com.example.absent.Store", Store.class.getName()), Set.of());
        assertTrue(filter.matches(loader, internal(LruStore.class), classFile(LruStore.class)), "one of them is seen");
        CandidateFilter absent = new CandidateFilter(Candidates.subtypesOf("com.example.absent.Store"), Set.of());
        ClassLoader counting = new ClassLoader(null) {
            private int asked;

            @Override
            public URL getResource(String name) {
                if (asked++ > 0) {
                    throw new AssertionError("asked for " + name + " a second time");
                }
                return null;
            }
        };
        assertFalse(absent.matches(counting, internal(LruStore.class), classFile(LruStore.class)));
        assertFalse(absent.matches(counting, internal(BaseStore.class), classFile(BaseStore.class)), "answered from the first look");
        assertFalse(absent.matches(loader, internal(Unrelated.class), classFile(Unrelated.class)));
    }

    private static String internal(Class<?> type) {
        return type.getName().replace('.', '/');
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getClassLoader().getResourceAsStream(internal(type) + ".class")) {
            return in.readAllBytes();
        }
    }
}
