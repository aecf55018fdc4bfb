package io.bytemeter.instrumentation.mqtt;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import com.hivemq.client.internal.mqtt.MqttClientConfig;
import com.hivemq.client.internal.mqtt.message.publish.MqttPublish;
import com.hivemq.client.internal.mqtt.message.publish.MqttPublishResult;
import com.hivemq.client.internal.mqtt.message.publish.MqttStatefulPublish;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.AddedField;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.HelperClasses;
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

/**
 * The HiveMQ MQTT client (1.3; its MQTT 3 and MQTT 5 APIs, blocking, asynchronous and reactive, are
 * views of one MQTT 5 core). A publish's result reaches the app through one ack flow: a single
 * publish ({@code publish} on the blocking and asynchronous clients, and the reactive one's
 * {@code publish} of one message) has a flow of its own, made on the app's thread, which gains the
 * publish's start ({@link AddedField#COMMAND_START}) and is done once, with the final result: after
 * the write for QoS 0, at {@code PUBACK} for QoS 1, at {@code PUBCOMP} for QoS 2, or with the error
 * (a refusal by reason code, a lost connection). The reactive client's stream of publishes shares
 * one flow among its messages: each result is counted as it arrives (QoS 2 at {@code PUBREC}), not
 * timed. A single publish on a client that is not connected fails as it is subscribed to, before
 * any flow: an error, by the type the app gets ({@code MqttClientStateException}). Every publish
 * the broker sends passes the incoming QoS handler's {@code readPublish}, on
 * the event loop, before the app's subscriptions get it: a received message. What each means is
 * {@link HiveMqttMessages}', a helper in the client's class loader.
 */
public final class HiveMqttInstrumentation implements Instrumentation {

    private static final String OUTGOING = "com.hivemq.client.internal.mqtt.handler.publish.outgoing.";
    private static final String SINGLE_PUBLISH = OUTGOING + "MqttAckSingle";
    private static final String SINGLE_FLOWABLE_PUBLISH = OUTGOING + "MqttAckSingleFlowable";
    private static final String SINGLE = SINGLE_PUBLISH + "$Flow";
    private static final String SINGLE_FLOWABLE = SINGLE_FLOWABLE_PUBLISH + "$Flow";
    private static final String FLOWABLE = OUTGOING + "MqttAckFlowableFlow";
    private static final String INCOMING = "com.hivemq.client.internal.mqtt.handler.publish.incoming.MqttIncomingQosHandler";
    private static final String RESULT = "com.hivemq.client.internal.mqtt.message.publish.MqttPublishResult";

    @Override
    public String name() {
        return "hivemq-mqtt";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(SINGLE_PUBLISH, SINGLE_FLOWABLE_PUBLISH, SINGLE, SINGLE_FLOWABLE, FLOWABLE, INCOMING);
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        HelperClasses helpers = new HelperClasses(name(), List.of(HiveMqttInstrumentation.class.getPackageName() + ".HiveMqttMessages"));
        ElementMatcher.Junction<MethodDescription> made = isConstructor().and(takesArguments(3));
        ElementMatcher.Junction<MethodDescription> done = named("done").and(takesArguments(1)).and(takesArgument(0, named(RESULT)));
        ElementMatcher.Junction<MethodDescription> next = named("onNext").and(takesArguments(1)).and(takesArgument(0, named(RESULT)));
        ElementMatcher.Junction<MethodDescription> read = named("readPublish").and(takesArguments(2))
                .and(takesArgument(1, named("com.hivemq.client.internal.mqtt.message.publish.MqttStatefulPublish")));
        Map<String, ElementMatcher<? super MethodDescription>> singleShape = Map.of("Flow(observer, MqttClientConfig, MqttOutgoingQosHandler)",
                made, "void done(MqttPublishResult)", done);
        InlineAdvice timed = new InlineAdvice(AddedField.advice())
                .advice(made, adviceName("MadeAdvice"))
                .advice(done, adviceName("TimedResultAdvice"));
        InlineAdvice untimed = new InlineAdvice().advice(done, adviceName("ResultAdvice"));
        ElementMatcher.Junction<MethodDescription> subscribe = named("subscribeActual").and(takesArguments(1));
        return builder
                .type(named(SINGLE_PUBLISH).or(named(SINGLE_FLOWABLE_PUBLISH)).and(new LibraryShape(name(),
                        Map.of("void subscribeActual(observer)", subscribe), List.of("clientConfig", "publish"))))
                .transform(helpers)
                .transform(new InlineAdvice().advice(subscribe, adviceName("SubscribeAdvice")))
                .type(named(SINGLE).or(named(SINGLE_FLOWABLE)).and(new LibraryShape(name(), singleShape)))
                .transform(helpers)
                .transformAddingField((b, type, loader, module, domain) -> timed.transform(b.visit(AddedField.adder(AddedField.COMMAND_START)),
                        type, loader, module, domain), untimed)
                .type(named(FLOWABLE).and(new LibraryShape(name(), Map.of("void onNext(MqttPublishResult)", next))))
                .transform(helpers)
                .transform(new InlineAdvice().advice(next, adviceName("ResultAdvice")))
                .type(named(INCOMING).and(new LibraryShape(name(), Map.of("void readPublish(ChannelHandlerContext, MqttStatefulPublish)", read))))
                .transform(helpers)
                .transform(new InlineAdvice().advice(read, adviceName("ReadPublishAdvice")));
    }

    private static String adviceName(String simpleName) {
        return HiveMqttInstrumentation.class.getName() + "$" + simpleName;
    }

    /** A single publish subscribed to on a client that is not connected: it fails before any flow is made. */
    public static class SubscribeAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.FieldValue("clientConfig") MqttClientConfig config, @Advice.FieldValue("publish") MqttPublish publish) {
            if (!config.getState().isConnectedOrReconnect()) {
                HiveMqttMessages.notConnected(publish);
            }
        }
    }

    /** A single publish's flow, made as the app publishes: its start. */
    public static class MadeAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@AddedField.Value("start") long start) {
            start = Timing.start();
        }
    }

    /** A single publish's final result, timed from the app's call. */
    public static class TimedResultAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) MqttPublishResult result, @AddedField.Value("start") long start) {
            HiveMqttMessages.sent(result, start);
        }
    }

    /** A result with no start to time it from: one of a stream's, or a flow made before the agent attached. */
    public static class ResultAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) MqttPublishResult result) {
            HiveMqttMessages.sent(result, Timing.NOT_TIMED);
        }
    }

    /** A publish from the broker, read before the app's subscriptions get it. */
    public static class ReadPublishAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(1) MqttStatefulPublish publish) {
            HiveMqttMessages.received(publish);
        }
    }
}
