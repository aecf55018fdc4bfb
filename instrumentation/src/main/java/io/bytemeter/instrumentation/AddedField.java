package io.bytemeter.instrumentation;

import io.bytemeter.bootstrap.CacheCounters;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Collections;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * A field the agent adds to a library's cache class when the class loads, holding the cache's
 * {@link CacheCounters}: advice reads it with {@link Counters} where it would otherwise find the
 * cache's series by identity on every call. The JVM lets a class gain a field only when it loads,
 * so a class retransformed without the field (on attach) keeps the lookup; one that already has it
 * (retransformed again, by us or another agent) must keep it, as a retransformation may not remove
 * fields.
 */
public final class AddedField {

    static final String NAME = "bytemeter$counters";
    private static final int MODIFIERS = Opcodes.ACC_PRIVATE | Opcodes.ACC_TRANSIENT | Opcodes.ACC_SYNTHETIC;
    private static final TypeDescription TYPE = TypeDescription.ForLoadedType.of(CacheCounters.class);

    /** Binds an advice parameter to the added field; {@code readOnly = false} is implied: advice may set it. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    public @interface Counters {}

    private AddedField() {}

    /** Whether a class may have the field added: it is loading, or it was loaded with it. */
    public static boolean allowed(Class<?> classBeingRedefined) {
        if (classBeingRedefined == null) {
            return true;
        }
        try {
            classBeingRedefined.getDeclaredField(NAME);
            return true;
        } catch (NoSuchFieldException | LinkageError | SecurityException e) {
            return false;
        }
    }

    /** Advice that may use {@link Counters}. */
    public static Advice.WithCustomMapping advice() {
        return Advice.withCustomMapping().bind(Counters.class, (Advice.OffsetMapping) (instrumentedType, method, assigner,
                arguments, sort) -> new Advice.OffsetMapping.Target.ForField.ReadWrite(field(instrumentedType)));
    }

    /** Adds the field to the class. */
    public static AsmVisitorWrapper adder() {
        return new AsmVisitorWrapper.AbstractBase() {
            @Override
            public ClassVisitor wrap(TypeDescription type, ClassVisitor visitor, Implementation.Context context,
                    TypePool pool, FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods,
                    int writerFlags, int readerFlags) {
                return new ClassVisitor(OpenedClassReader.ASM_API, visitor) {
                    @Override
                    public void visitEnd() {
                        super.visitField(MODIFIERS, NAME, TYPE.getDescriptor(), null, null).visitEnd();
                        super.visitEnd();
                    }
                };
            }
        };
    }

    private static FieldDescription field(TypeDescription owner) {
        return new FieldDescription.Latent(owner, NAME, MODIFIERS, TYPE.asGenericType(), Collections.emptyList());
    }
}
