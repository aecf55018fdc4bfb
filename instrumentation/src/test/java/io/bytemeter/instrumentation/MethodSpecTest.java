package io.bytemeter.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

class MethodSpecTest {

    @Test
    void parsesAListOfSpecsKeepingTheGoodOnesPastABadOne() {
        List<String> bad = new ArrayList<>();
        List<MethodSpec> specs = MethodSpec.parseList("com.acme.Cache#get, com.acme.Base+#* ,nonsense,", bad::add);
        assertEquals(List.of("'nonsense' is not of the form fully.qualified.Class#method"), bad);
        assertEquals(2, specs.size());
        assertEquals("com.acme.Cache#get", specs.get(0).toString());
        assertEquals("com.acme.Base", specs.get(1).className());
    }

    @Test
    void rejectsWhatIsNotClassHashMethodNamingThePart() {
        assertEquals("'com.acme.Cache' is not of the form fully.qualified.Class#method",
                assertThrows(IllegalArgumentException.class, () -> MethodSpec.parse("com.acme.Cache")).getMessage());
        assertEquals("'com..Cache#get': 'com..Cache' is not a class name",
                assertThrows(IllegalArgumentException.class, () -> MethodSpec.parse("com..Cache#get")).getMessage());
        assertEquals("'com.acme.Cache#get()': 'get()' is not a method name or *",
                assertThrows(IllegalArgumentException.class, () -> MethodSpec.parse("com.acme.Cache#get()")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> MethodSpec.parse("#get"));
        assertThrows(IllegalArgumentException.class, () -> MethodSpec.parse("a.B#c#d"));
    }

    @Test
    void plusMatchesSubtypesAndPlainMatchesOnlyTheClass() {
        TypeDescription arrayList = TypeDescription.ForLoadedType.of(ArrayList.class);
        assertTrue(MethodSpec.parse("java.util.AbstractList+#get").typeMatcher().matches(arrayList));
        assertFalse(MethodSpec.parse("java.util.AbstractList#get").typeMatcher().matches(arrayList));
        assertTrue(MethodSpec.parse("java.util.AbstractList#get").typeMatcher()
                .matches(TypeDescription.ForLoadedType.of(AbstractList.class)));
    }

    @Test
    void starMatchesEveryConcreteDeclaredMethodAndANameOnlyThatName() throws Exception {
        MethodDescription size = new MethodDescription.ForLoadedMethod(ArrayList.class.getMethod("size"));
        MethodDescription abstractGet = new MethodDescription.ForLoadedMethod(AbstractList.class.getMethod("get", int.class));
        assertTrue(MethodSpec.parse("java.util.ArrayList#*").methodMatcher().matches(size));
        assertTrue(MethodSpec.parse("java.util.ArrayList#size").methodMatcher().matches(size));
        assertFalse(MethodSpec.parse("java.util.ArrayList#get").methodMatcher().matches(size));
        assertFalse(MethodSpec.parse("java.util.AbstractList#get").methodMatcher().matches(abstractGet));
    }
}
