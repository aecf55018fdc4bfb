package io.bytemeter.instrumentation.mqtt;

import com.hivemq.client.internal.mqtt.message.publish.MqttPublish;
import com.hivemq.client.internal.mqtt.message.publish.MqttPublishResult;
import com.hivemq.client.internal.mqtt.message.publish.MqttStatefulPublish;
import io.bytemeter.bootstrap.MessagingRecorder;
import io.bytemeter.bootstrap.MqttTopics;
import io.bytemeter.bootstrap.Timing;
import java.nio.ByteBuffer;

/**
 * A helper defined in the HiveMQ client's class loader, as it reads the client's internal message
 * types: what a publish's result and an arriving publish mean to the messaging model. A topic is
 * the publish's own ({@code MqttTopicImpl} keeps its string once made, so the app's later
 * {@code getTopic().toString()} costs nothing more), under the first {@code bytemeter.mqtt.topics}
 * filter it matches ({@link MqttTopics}); bytes are the payload's.
 */
public final class HiveMqttMessages {

    private HiveMqttMessages() {}

    /** A publish the app made, as its result reached the app: sent, or failed by the error's type. */
    public static void sent(MqttPublishResult result, long start) {
        MqttPublish publish = result.getPublish();
        MessagingRecorder.clientSent("mqtt", MqttTopics.destination(publish.getTopic().toString()), bytes(publish), result.getRawError(),
                start);
    }

    /** A publish made on a client that is not connected, which fails with the client's state exception before it goes anywhere. */
    public static void notConnected(MqttPublish publish) {
        MessagingRecorder.clientSendRefused("mqtt", MqttTopics.destination(publish.getTopic().toString()),
                "com.hivemq.client.mqtt.exceptions.MqttClientStateException", Timing.NOT_TIMED);
    }

    /** A publish the broker sent the client, for one of the app's subscriptions. */
    public static void received(MqttStatefulPublish stateful) {
        MqttPublish publish = stateful.stateless();
        MessagingRecorder.clientReceived("mqtt", MqttTopics.destination(publish.getTopic().toString()), bytes(publish), -1, Timing.NOT_TIMED);
    }

    private static long bytes(MqttPublish publish) {
        ByteBuffer payload = publish.getRawPayload();
        return payload == null ? 0 : payload.remaining();
    }
}
