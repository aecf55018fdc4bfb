package io.bytemeter.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * What the messaging family reads from a JMS message, for {@code javax.jms} and {@code jakarta.jms}
 * alike: the advice passes the message as an {@code Object}, and the methods to call are found
 * once per message class (through its public JMS interfaces) and called with {@code invokeExact},
 * so nothing is boxed or allocated per message.
 */
public final class JmsMessages {

    private static final MethodType LONG_GETTER = MethodType.methodType(long.class, Object.class);
    private static final MethodType OBJECT_GETTER = MethodType.methodType(Object.class, Object.class);
    private static final MethodType STRING_GETTER = MethodType.methodType(String.class, Object.class);

    /** The getters a message or destination class has, null where it has none. */
    private static final class Getters {
        MethodHandle text;
        MethodHandle bodyLength;
        MethodHandle timestamp;
        MethodHandle destination;
        MethodHandle name;
    }

    private static final ClassValue<Getters> GETTERS = new ClassValue<Getters>() {
        @Override
        protected Getters computeValue(Class<?> type) {
            Getters g = new Getters();
            g.text = getter(type, "TextMessage", "getText", String.class, STRING_GETTER);
            g.bodyLength = getter(type, "BytesMessage", "getBodyLength", long.class, LONG_GETTER);
            g.timestamp = getter(type, "Message", "getJMSTimestamp", long.class, LONG_GETTER);
            g.destination = getter(type, "Message", "getJMSDestination", null, OBJECT_GETTER);
            g.name = getter(type, "Queue", "getQueueName", String.class, STRING_GETTER);
            if (g.name == null) {
                g.name = getter(type, "Topic", "getTopicName", String.class, STRING_GETTER);
            }
            return g;
        }
    };

    private JmsMessages() {}

    /** The body's bytes: a text's UTF-8 length, a readable bytes message's length; 0 when unknown. */
    public static long bodyBytes(Object message) {
        try {
            Getters g = GETTERS.get(message.getClass());
            if (g.text != null) {
                return Utf8.length((String) g.text.invokeExact(message));
            }
            if (g.bodyLength != null) {
                return (long) g.bodyLength.invokeExact(message);
            }
        } catch (Throwable notReadable) {
            // a bytes message still being written (as the app holds it while sending) does not say
        }
        return 0;
    }

    /** How old the message is, from {@code JMSTimestamp}; -1 when it has none. */
    public static long ageMillis(Object message) {
        try {
            MethodHandle timestamp = GETTERS.get(message.getClass()).timestamp;
            long sent = timestamp == null ? 0 : (long) timestamp.invokeExact(message);
            return sent <= 0 ? -1 : Math.max(0, System.currentTimeMillis() - sent);
        } catch (Throwable t) {
            return -1;
        }
    }

    /** The name of the queue or topic the message was sent to ({@code JMSDestination}), or "unknown". */
    public static String destination(Object message) {
        try {
            MethodHandle getter = GETTERS.get(message.getClass()).destination;
            Object destination = getter == null ? null : (Object) getter.invokeExact(message);
            MethodHandle name = destination == null ? null : GETTERS.get(destination.getClass()).name;
            String value = name == null ? null : (String) name.invokeExact(destination);
            return value == null ? "unknown" : value;
        } catch (Throwable t) {
            return "unknown";
        }
    }

    private static MethodHandle getter(Class<?> type, String jmsInterface, String method, Class<?> returns, MethodType as) {
        Class<?> api = Interfaces.find(type, "javax.jms." + jmsInterface, "jakarta.jms." + jmsInterface);
        if (api == null) {
            return null;
        }
        try {
            Class<?> result = returns != null ? returns : api.getMethod(method).getReturnType();
            return MethodHandles.publicLookup().findVirtual(api, method, MethodType.methodType(result)).asType(as);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
