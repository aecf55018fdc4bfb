package io.bytemeter.instrumentation.roles;

import java.nio.ByteBuffer;
import java.util.Collection;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterList;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Which parameters of a custom produce or consume method hold the message and the destination,
 * decided once per method when it is instrumented:
 *
 * <ul>
 *   <li>payload: the first {@code byte[]}, {@code ByteBuffer}, {@code Collection} or array
 *       parameter, else the last {@code CharSequence} parameter;
 *   <li>destination: the first {@code String} parameter that is not the payload.
 * </ul>
 *
 * So {@code send(String topic, byte[] value)}, {@code send(String topic, String text)} and
 * {@code poll(String topic, String group, int max)} all name the topic as destination.
 */
final class MessageParameters {

    static final int NONE = -1;

    private MessageParameters() {}

    static int payload(MethodDescription method) {
        ParameterList<?> parameters = method.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            TypeDescription type = parameters.get(i).getType().asErasure();
            if (type.isArray() || type.isAssignableTo(ByteBuffer.class) || type.isAssignableTo(Collection.class)) {
                return i;
            }
        }
        for (int i = parameters.size() - 1; i >= 0; i--) {
            if (parameters.get(i).getType().asErasure().isAssignableTo(CharSequence.class)) {
                return i;
            }
        }
        return NONE;
    }

    static int destination(MethodDescription method, int payload) {
        ParameterList<?> parameters = method.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            if (i != payload && parameters.get(i).getType().asErasure().represents(String.class)) {
                return i;
            }
        }
        return NONE;
    }
}
