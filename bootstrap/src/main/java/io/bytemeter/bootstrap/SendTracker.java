package io.bytemeter.bootstrap;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Stands in for a send's callback (Kafka's {@code Callback}) so that the send is measured when the
 * broker acknowledges it: the time since the send, the serialized size, or the error. Then the
 * app's own callback, if any, runs exactly as before, once. The stand-in is a JDK proxy of the
 * library's callback interface, so nothing has to be injected into the app's class loader; it costs
 * one small object per send, beside the many the client itself makes.
 */
public final class SendTracker implements InvocationHandler {

    private static final ClassValue<Constructor<?>> PROXIES = new ClassValue<Constructor<?>>() {
        @Override
        protected Constructor<?> computeValue(Class<?> callbackType) {
            Object probe = Proxy.newProxyInstance(callbackType.getClassLoader(), new Class<?>[] {callbackType},
                    new SendTracker(null, null, null, 0));
            try {
                return probe.getClass().getConstructor(InvocationHandler.class);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    /** The record's serialized key and value sizes, as Kafka's {@code RecordMetadata} reports them. */
    private static final ClassValue<Method[]> SIZES = new ClassValue<Method[]>() {
        @Override
        protected Method[] computeValue(Class<?> metadataType) {
            try {
                return new Method[] {metadataType.getMethod("serializedKeySize"), metadataType.getMethod("serializedValueSize")};
            } catch (NoSuchMethodException e) {
                return new Method[0];
            }
        }
    };

    private final String system;
    private final String destination;
    private final Object userCallback;
    private final long start;
    private volatile boolean completed;

    private SendTracker(String system, String destination, Object userCallback, long start) {
        this.system = system;
        this.destination = destination;
        this.userCallback = userCallback;
        this.start = start;
    }

    /** A callback of {@code callbackType} that measures the send, then calls {@code userCallback}. */
    static Object track(Class<?> callbackType, Object userCallback, String system, String destination) throws Exception {
        SendTracker tracker = new SendTracker(system, destination, userCallback, Timing.start());
        return PROXIES.get(callbackType).newInstance(tracker);
    }

    /** The tracker behind a callback this class made, or null. */
    static SendTracker of(Object callback) {
        if (callback != null && Proxy.isProxyClass(callback.getClass())) {
            InvocationHandler handler = Proxy.getInvocationHandler(callback);
            return handler instanceof SendTracker ? (SendTracker) handler : null;
        }
        return null;
    }

    /** The send threw before the library could call back: a failure, unless the callback already ran. */
    void threw(Throwable error) {
        complete(null, error);
    }

    private void complete(Object metadata, Throwable error) {
        if (!completed) {
            completed = true;
            long nanos = Timing.elapsedSince(start);
            MessagingRecorder.sendCompleted(system, destination, error == null ? serializedSize(metadata) : 0, error, nanos);
        }
    }

    /** Key plus value bytes as the producer serialized them; -1 (absent) counts as 0. */
    private static long serializedSize(Object metadata) {
        if (metadata == null) {
            return 0;
        }
        long size = 0;
        try {
            for (Method method : SIZES.get(metadata.getClass())) {
                size += Math.max(0, ((Number) method.invoke(metadata)).longValue());
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 0;
        }
        return size;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "measured " + userCallback;
            default:
                break;
        }
        if (args != null && args.length == 2) {
            complete(args[0], (Throwable) args[1]);
        }
        if (userCallback == null) {
            return null;
        }
        try {
            return method.invoke(userCallback, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
