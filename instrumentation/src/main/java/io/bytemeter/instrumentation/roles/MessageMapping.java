package io.bytemeter.instrumentation.roles;

import java.lang.annotation.Annotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Binds the advice parameters {@link Payload} and {@link Destination} to the parameters
 * {@link MessageParameters} picks, read-only and without boxing; a message that is returned (a
 * consume with a non-void result) binds the return value instead. Missing ones bind to null.
 */
final class MessageMapping<T extends Annotation> implements Advice.OffsetMapping.Factory<T> {

    /** The message: what messages and bytes are counted from. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface Payload {}

    /** The destination name (topic or queue), or null when the method has none. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface Destination {}

    private static final TypeDescription.Generic OBJECT = TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(Object.class);
    private static final TypeDescription.Generic STRING = TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(String.class);

    private final Class<T> annotationType;
    private final boolean payloadReturned;

    private MessageMapping(Class<T> annotationType, boolean payloadReturned) {
        this.annotationType = annotationType;
        this.payloadReturned = payloadReturned;
    }

    /** The payload of a send: always an argument. */
    static MessageMapping<Payload> sentPayload() {
        return new MessageMapping<>(Payload.class, false);
    }

    /** The payload of a receive: the return value, or an argument of a void handler method. */
    static MessageMapping<Payload> receivedPayload() {
        return new MessageMapping<>(Payload.class, true);
    }

    static MessageMapping<Destination> destination() {
        return new MessageMapping<>(Destination.class, false);
    }

    @Override
    public Class<T> getAnnotationType() {
        return annotationType;
    }

    @Override
    public Advice.OffsetMapping make(ParameterDescription.InDefinedShape target,
            AnnotationDescription.Loadable<T> annotation, AdviceType adviceType) {
        return (instrumentedType, method, assigner, argumentHandler, sort) -> {
            TypeDescription.Generic bound = annotationType == Destination.class ? STRING : OBJECT;
            int payload = MessageParameters.payload(method);
            if (annotationType == Payload.class && payloadReturned && !method.getReturnType().represents(void.class)) {
                TypeDescription.Generic returnType = method.getReturnType();
                if (returnType.isPrimitive()) {
                    return new Advice.OffsetMapping.Target.ForDefaultValue.ReadOnly(bound);
                }
                return new Advice.OffsetMapping.Target.ForVariable.ReadOnly(returnType, argumentHandler.returned(),
                        assigner.assign(returnType, bound, Assigner.Typing.STATIC));
            }
            int index = annotationType == Destination.class ? MessageParameters.destination(method, payload) : payload;
            if (index == MessageParameters.NONE) {
                return new Advice.OffsetMapping.Target.ForDefaultValue.ReadOnly(bound);
            }
            ParameterDescription parameter = method.getParameters().get(index);
            return new Advice.OffsetMapping.ForArgument.Resolved(bound, true, Assigner.Typing.STATIC, parameter)
                    .resolve(instrumentedType, method, assigner, argumentHandler, sort);
        };
    }
}
