package io.bytemeter.instrumentation;

import io.bytemeter.bootstrap.AsyncCacheCall;
import io.bytemeter.bootstrap.CacheCounters;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * A field the agent adds to a library's class when the class loads, where advice keeps per-object
 * state that would otherwise need a lookup by identity on every call, or an allocation: a cache's
 * {@link CacheCounters} ({@link #COUNTERS}), a Redis command's or an MQTT publish's start, a command's client and stream
 * ({@link #COMMAND_START}, {@link #COMMAND_CLIENT}, {@link #COMMAND_DESTINATION}), the app's call a
 * Redisson request answers for ({@link #ASYNC_CALL}), an {@code MGET} reply's
 * values found ({@link #VALUES_FOUND}); advice reads and
 * sets each through a parameter bound with {@link Value}. The JVM lets a
 * class gain a field only when it loads, so a class retransformed without the fields (on attach)
 * does without; one that already has them (retransformed again, by us or another agent) must keep
 * them, as a retransformation may not remove fields.
 */
public final class AddedField {

    private static final String PREFIX = "bytemeter$";
    private static final int MODIFIERS = Opcodes.ACC_PRIVATE | Opcodes.ACC_TRANSIENT | Opcodes.ACC_SYNTHETIC;

    /** A cache's exact lookup counters. */
    public static final AddedField COUNTERS = new AddedField("counters", CacheCounters.class);
    /** When a call to a server was made: a Redis command ({@code CacheRecorder.startRemoteOutsideFacade}), an MQTT publish. */
    public static final AddedField COMMAND_START = new AddedField("start", long.class);
    /** The client that wrote a command to its server, once it has. */
    public static final AddedField COMMAND_CLIENT = new AddedField("client", Object.class);
    /** The stream a command appends to, as the app named it (an {@code XADD}'s key). */
    public static final AddedField COMMAND_DESTINATION = new AddedField("destination", Object.class);
    /** The app's asynchronous call a request answers for, null when none. */
    public static final AddedField ASYNC_CALL = new AddedField("call", AsyncCacheCall.class);
    /** The values a Redis reply held for the keys asked (an {@code MGET}'s hits), counted as they are decoded. */
    public static final AddedField VALUES_FOUND = new AddedField("found", int.class);

    private final String name;
    private final TypeDescription type;

    private AddedField(String name, Class<?> type) {
        this(name, TypeDescription.ForLoadedType.of(type));
    }

    private AddedField(String name, TypeDescription type) {
        this.name = PREFIX + name;
        this.type = type;
    }

    /** Binds an advice parameter to the added field of that name ({@code "counters"}, {@code "start"}); advice may set it. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    public @interface Value {
        String value();
    }

    /** Whether a class may have fields added: it is loading, or it was loaded with them. */
    public static boolean allowed(Class<?> classBeingRedefined) {
        if (classBeingRedefined == null) {
            return true;
        }
        try {
            for (Field field : classBeingRedefined.getDeclaredFields()) {
                if (field.getName().startsWith(PREFIX)) {
                    return true;
                }
            }
            return false;
        } catch (LinkageError | SecurityException e) {
            return false;
        }
    }

    /** Advice that may use {@link Value}. */
    public static Advice.WithCustomMapping advice() {
        return Advice.withCustomMapping()
                .bind(new Advice.OffsetMapping.Factory<Value>() {
                    @Override
                    public Class<Value> getAnnotationType() {
                        return Value.class;
                    }

                    @Override
                    public Advice.OffsetMapping make(ParameterDescription.InDefinedShape target, AnnotationDescription.Loadable<Value> annotation,
                            AdviceType adviceType) {
                        AddedField field = new AddedField(annotation.load().value(), target.getType().asErasure());
                        return (instrumentedType, method, assigner, arguments, sort) ->
                                new Advice.OffsetMapping.Target.ForField.ReadWrite(field.in(instrumentedType));
                    }
                });
    }

    /** Adds the fields to the class. */
    public static AsmVisitorWrapper adder(AddedField... fields) {
        return new AsmVisitorWrapper.AbstractBase() {
            @Override
            public ClassVisitor wrap(TypeDescription type, ClassVisitor visitor, Implementation.Context context,
                    TypePool pool, FieldList<FieldDescription.InDefinedShape> declared, MethodList<?> methods,
                    int writerFlags, int readerFlags) {
                return new ClassVisitor(OpenedClassReader.ASM_API, visitor) {
                    @Override
                    public void visitEnd() {
                        for (AddedField field : fields) {
                            super.visitField(MODIFIERS, field.name, field.type.getDescriptor(), null, null).visitEnd();
                        }
                        super.visitEnd();
                    }
                };
            }
        };
    }

    /**
     * Makes the class implement {@code accessor}, an interface of one method taking this field's
     * type (a reference type), as this field's setter: advice in other classes can then set it
     * through the interface. Apply with {@link #adder}, which adds the field.
     */
    public AsmVisitorWrapper setter(Class<?> accessor) {
        if (type.isPrimitive()) {
            throw new IllegalStateException(name + ": a setter sets a reference");
        }
        return accessor(accessor, "(" + type.getDescriptor() + ")V");
    }

    /**
     * Makes the class implement {@code accessor}, an interface of one method taking nothing and
     * returning this field's type, as this field's getter: advice in other classes can then read it
     * through the interface. Apply with {@link #adder}, which adds the field.
     */
    public AsmVisitorWrapper getter(Class<?> accessor) {
        return accessor(accessor, "()" + type.getDescriptor());
    }

    private AsmVisitorWrapper accessor(Class<?> accessor, String descriptor) {
        Method method = accessor.getDeclaredMethods()[0];
        String accessorName = accessor.getName().replace('.', '/');
        boolean sets = descriptor.endsWith(")V");
        Type fieldType = Type.getType(type.getDescriptor());
        return new AsmVisitorWrapper.AbstractBase() {
            @Override
            public ClassVisitor wrap(TypeDescription instrumented, ClassVisitor visitor, Implementation.Context context,
                    TypePool pool, FieldList<FieldDescription.InDefinedShape> declared, MethodList<?> methods,
                    int writerFlags, int readerFlags) {
                String owner = instrumented.getInternalName();
                return new ClassVisitor(OpenedClassReader.ASM_API, visitor) {
                    @Override
                    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                        String[] withAccessor = Arrays.copyOf(interfaces == null ? new String[0] : interfaces,
                                interfaces == null ? 1 : interfaces.length + 1);
                        withAccessor[withAccessor.length - 1] = accessorName;
                        super.visit(version, access, name, signature, superName, withAccessor);
                    }

                    @Override
                    public void visitEnd() {
                        MethodVisitor code = super.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, method.getName(), descriptor,
                                null, null);
                        code.visitCode();
                        code.visitVarInsn(Opcodes.ALOAD, 0);
                        if (sets) {
                            code.visitVarInsn(Opcodes.ALOAD, 1);
                            code.visitFieldInsn(Opcodes.PUTFIELD, owner, AddedField.this.name, type.getDescriptor());
                            code.visitInsn(Opcodes.RETURN);
                        } else {
                            code.visitFieldInsn(Opcodes.GETFIELD, owner, AddedField.this.name, type.getDescriptor());
                            code.visitInsn(fieldType.getOpcode(Opcodes.IRETURN));
                        }
                        code.visitMaxs(1 + fieldType.getSize(), sets ? 2 : 1);
                        code.visitEnd();
                        super.visitEnd();
                    }
                };
            }
        };
    }

    private FieldDescription in(TypeDescription owner) {
        return new FieldDescription.Latent(owner, name, MODIFIERS, type.asGenericType(), Collections.emptyList());
    }
}
