package io.bytemeter.instrumentation.mqtt;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.MessagingRecorder;
import io.bytemeter.bootstrap.MqttTopics;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.LibraryShape;
import io.bytemeter.instrumentation.Transformations;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttAck;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttPubAck;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttPubComp;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttWireMessage;

/**
 * Eclipse Paho's MQTT v3 client ({@code MqttClient} and {@code MqttAsyncClient}, 1.2): every
 * publish reaches its client state's {@code send}, on the app's thread. A QoS 1 or 2 message takes
 * its message id there and has its token saved by that id ({@code CommsTokenStore.saveToken}),
 * before the sender thread can write it: it is noted there by its id and counted, with its
 * duration, when the broker's answer completes it ({@code notifyReceivedAck}: {@code PUBACK} for
 * QoS 1, {@code PUBCOMP} for QoS 2), as RabbitMQ's confirms are. (Noted after {@code send} returns,
 * a fast broker's answer could come first.) A QoS 0 message has no answer and is counted, and timed,
 * as {@code send} queues it. A publish the client refuses (not connected, too many in flight) throws
 * out of {@code ClientComms.sendNoWait}, where every publish enters the client: an error, by the
 * exception's type. Every message for one of the app's subscriptions passes the callback thread's
 * {@code handleMessage} on its way to the app's {@code messageArrived}: a received message, and
 * that call's time as its processing. Topics are destinations, as they are, under the series cap,
 * or under the first {@code bytemeter.mqtt.topics} filter they match ({@link MqttTopics}).
 */
public final class PahoMqttInstrumentation implements Instrumentation {

    private static final String COMMS = "org.eclipse.paho.client.mqttv3.internal.ClientComms";
    private static final String STATE = "org.eclipse.paho.client.mqttv3.internal.ClientState";
    private static final String CALLBACK = "org.eclipse.paho.client.mqttv3.internal.CommsCallback";
    private static final String TOKENS = "org.eclipse.paho.client.mqttv3.internal.CommsTokenStore";

    @Override
    public String name() {
        return "paho-mqtt";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(COMMS, STATE, CALLBACK, TOKENS);
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        return builder
                .type(named(COMMS).and(new LibraryShape(name(), Map.of("void sendNoWait(MqttWireMessage, MqttToken)", Methods.SEND_NO_WAIT))))
                .transform(new InlineAdvice().advice(Methods.SEND_NO_WAIT, adviceName("RefusedAdvice")))
                .type(named(STATE).and(new LibraryShape(name(), Map.of("void send(MqttWireMessage, MqttToken)", Methods.SEND,
                        "void notifyReceivedAck(MqttAck)", Methods.ACK), List.of("tokenStore"))))
                .transform(new InlineAdvice()
                        .advice(Methods.SEND, adviceName("SendAdvice"))
                        .advice(Methods.ACK, adviceName("AckAdvice")))
                .type(named(TOKENS).and(new LibraryShape(name(), Map.of("void saveToken(MqttToken, MqttWireMessage)", Methods.SAVE_TOKEN))))
                .transform(new InlineAdvice().advice(Methods.SAVE_TOKEN, adviceName("SaveTokenAdvice")))
                .type(named(CALLBACK).and(new LibraryShape(name(), Map.of("void handleMessage(MqttPublish)", Methods.HANDLE))))
                .transform(new InlineAdvice().advice(Methods.HANDLE, adviceName("HandleMessageAdvice")));
    }

    private static String adviceName(String simpleName) {
        return PahoMqttInstrumentation.class.getName() + "$" + simpleName;
    }

    private static final class Methods {
        static final String PUBLISH = "org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish";
        static final ElementMatcher.Junction<MethodDescription> SEND = named("send").and(takesArguments(2))
                .and(takesArgument(0, named("org.eclipse.paho.client.mqttv3.internal.wire.MqttWireMessage")));
        static final ElementMatcher.Junction<MethodDescription> SEND_NO_WAIT = named("sendNoWait").and(takesArguments(2))
                .and(takesArgument(0, named("org.eclipse.paho.client.mqttv3.internal.wire.MqttWireMessage")));
        static final ElementMatcher.Junction<MethodDescription> SAVE_TOKEN = named("saveToken").and(takesArguments(2))
                .and(takesArgument(1, named("org.eclipse.paho.client.mqttv3.internal.wire.MqttWireMessage")));
        static final ElementMatcher.Junction<MethodDescription> ACK = named("notifyReceivedAck").and(takesArguments(1));
        static final ElementMatcher.Junction<MethodDescription> HANDLE = named("handleMessage").and(takesArguments(1))
                .and(takesArgument(0, named(PUBLISH)));
    }

    /** A publish the client refused: an error, by the exception's type. */
    public static class RefusedAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Argument(0) MqttWireMessage message, @Advice.Enter long start, @Advice.Thrown Throwable error) {
            if (error != null && message instanceof MqttPublish) {
                MqttPublish publish = (MqttPublish) message;
                byte[] payload = publish.getMessage().getPayload();
                MessagingRecorder.clientSent("mqtt", MqttTopics.destination(publish.getTopicName()), payload == null ? 0 : payload.length,
                        error, start);
            }
        }
    }

    /** A message handed to the client state to send: a QoS 0 publish counted as it is queued. */
    public static class SendAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Argument(0) MqttWireMessage message, @Advice.Enter long start) {
            if (message instanceof MqttPublish && ((MqttPublish) message).getMessage().getQos() == 0) {
                MqttPublish publish = (MqttPublish) message;
                byte[] payload = publish.getMessage().getPayload();
                MessagingRecorder.clientSent("mqtt", MqttTopics.destination(publish.getTopicName()), payload == null ? 0 : payload.length,
                        null, start);
            }
        }
    }

    /** A QoS 1 or 2 publish's token saved by its message id, before it can be written: it waits for the broker's answer. */
    public static class SaveTokenAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object tokens, @Advice.Argument(1) MqttWireMessage message, @Advice.Enter long start) {
            if (message instanceof MqttPublish && ((MqttPublish) message).getMessage().getQos() > 0) {
                MqttPublish publish = (MqttPublish) message;
                byte[] payload = publish.getMessage().getPayload();
                long bytes = payload == null ? 0 : payload.length;
                String destination = MqttTopics.destination(publish.getTopicName());
                if (!MessagingRecorder.clientSentAwaitingConfirm(tokens, publish.getMessageId(), "mqtt", destination, bytes, start)) {
                    MessagingRecorder.clientSent("mqtt", destination, bytes, null, start);
                }
            }
        }
    }

    /** The broker's answer that completes a publish: {@code PUBACK} (QoS 1) or {@code PUBCOMP} (QoS 2). */
    public static class AckAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.FieldValue("tokenStore") Object tokens, @Advice.Argument(0) MqttAck ack) {
            if (ack instanceof MqttPubAck || ack instanceof MqttPubComp) {
                MessagingRecorder.clientConfirmed(tokens, ack.getMessageId(), false, false);
            }
        }
    }

    /** A message for one of the app's subscriptions, handed to its {@code messageArrived}: received, and processed for as long as that takes. */
    public static class HandleMessageAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.Argument(0) MqttPublish publish) {
            byte[] payload = publish.getMessage().getPayload();
            MessagingRecorder.clientReceived("mqtt", MqttTopics.destination(publish.getTopicName()), payload == null ? 0 : payload.length,
                    -1, Timing.NOT_TIMED);
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Argument(0) MqttPublish publish, @Advice.Enter long start) {
            MessagingRecorder.processed("mqtt", MqttTopics.destination(publish.getTopicName()), start);
        }
    }
}
