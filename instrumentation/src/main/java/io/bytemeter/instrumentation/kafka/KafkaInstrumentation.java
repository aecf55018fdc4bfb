package io.bytemeter.instrumentation.kafka;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.MessagingRecorder;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.Transformations;
import io.bytemeter.instrumentation.LibraryShape;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code kafka-clients} 2.8, 3.x and 4.x producers and consumers, with no setting (2.x consumers
 * without lag, which needs {@code currentLag}):
 *
 * <ul>
 *   <li>{@code KafkaProducer.send(record, callback)}: the callback is stood in for (see
 *       {@code SendTracker}), so each record is counted, with its serialized size, when the broker
 *       acknowledges it, and its send duration runs until then; failures by exception type.
 *   <li>{@code KafkaConsumer.poll(Duration)}: each returned record counts with its serialized size
 *       and its age (now minus its timestamp) per topic and group; the poll's duration; the time
 *       from one poll's return to the next as processing time; and, at most once a second, the lag
 *       of each assigned partition from the consumer's own fetch state ({@code currentLag}, no
 *       network round trip), read on the polling thread since a consumer is not thread-safe; also
 *       after a poll that ends a burst and when the consumer closes, so the last lag is the true one.
 * </ul>
 *
 * Produces:
 *
 * <pre>
 * messaging_client_sent_messages_total{messaging_destination_name="orders",messaging_operation_name="send",messaging_system="kafka"} 3000.0
 * messaging_client_consumed_messages_total{messaging_consumer_group_name="billing",messaging_destination_name="orders",messaging_operation_name="receive",messaging_system="kafka"} 3000.0
 * messaging_consumer_lag{messaging_consumer_group_name="analytics",messaging_destination_name="orders",messaging_destination_partition_id="0",messaging_system="kafka"} 950
 * messaging_record_age_seconds_bucket{messaging_consumer_group_name="billing",messaging_destination_name="orders",messaging_system="kafka",le="0.1"} 2990
 * </pre>
 */
public final class KafkaInstrumentation implements Instrumentation {

    private static final String PACKAGE = "org.apache.kafka.clients.";


    /** Lag needs {@code KafkaConsumer.currentLag} (3.0 and later); 2.x consumers are counted without it. */
    private static final class DeclaredByTypeWith implements ElementMatcher<MethodDescription> {
        private final ElementMatcher<? super MethodDescription> sibling;

        DeclaredByTypeWith(ElementMatcher<? super MethodDescription> sibling) {
            this.sibling = sibling;
        }

        @Override
        public boolean matches(MethodDescription method) {
            return !method.getDeclaringType().asErasure().getDeclaredMethods().filter(sibling).isEmpty();
        }
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(PACKAGE + "producer.KafkaProducer", PACKAGE + "consumer.KafkaConsumer");
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        Map<String, ElementMatcher<? super MethodDescription>> producerMethods = new LinkedHashMap<>();
        producerMethods.put("send(ProducerRecord, Callback)", Methods.SEND);
        Map<String, ElementMatcher<? super MethodDescription>> consumerMethods = new LinkedHashMap<>();
        consumerMethods.put("poll(Duration)", Methods.POLL);
        consumerMethods.put("groupMetadata()", named("groupMetadata").and(takesArguments(0)));
        return builder
                .type(named(PACKAGE + "producer.KafkaProducer").and(new LibraryShape(name(), producerMethods)))
                .transform(new InlineAdvice()
                        .advice(Methods.SEND, getClass().getName() + "$SendAdvice"))
                .type(named(PACKAGE + "consumer.KafkaConsumer").and(new LibraryShape(name(), consumerMethods)))
                .transform(new InlineAdvice()
                        .advice(Methods.POLL, getClass().getName() + "$PollAdvice")
                        .advice(Methods.POLL.and(new DeclaredByTypeWith(Methods.CURRENT_LAG)), getClass().getName() + "$LagAdvice")
                        .advice(Methods.CLOSE.and(new DeclaredByTypeWith(Methods.CURRENT_LAG)), getClass().getName() + "$FinalLagAdvice")
                        .advice(Methods.CLOSE, getClass().getName() + "$CloseAdvice"));
    }

    public static class SendAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) ProducerRecord<?, ?> record,
                @Advice.Argument(value = 1, readOnly = false) Callback callback) {
            callback = (Callback) MessagingRecorder.trackSend(Callback.class, callback, "kafka", record.topic());
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Argument(1) Callback callback, @Advice.Thrown Throwable error) {
            if (error != null) {
                MessagingRecorder.sendThrew(callback, error);
            }
        }
    }

    public static class PollAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.This KafkaConsumer<?, ?> consumer) {
            if (!MessagingRecorder.knowsConsumer(consumer)) {
                String group = null;
                try {
                    group = consumer.groupMetadata().groupId();
                } catch (RuntimeException noGroup) {
                    // a consumer with assigned partitions and no group
                }
                MessagingRecorder.consumerSeen(consumer, "kafka", group);
            }
            MessagingRecorder.pollStarting(consumer);
            return Timing.start();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This KafkaConsumer<?, ?> consumer, @Advice.Enter long start,
                @Advice.Return ConsumerRecords<?, ?> records) {
            int count = records == null ? 0 : records.count();
            if (count > 0) {
                long now = System.currentTimeMillis();
                for (ConsumerRecord<?, ?> record : records) {
                    MessagingRecorder.consumed(consumer, record.topic(),
                            Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize()),
                            now - record.timestamp());
                }
            }
            MessagingRecorder.polled(consumer, count, start);
        }
    }

    public static class LagAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This KafkaConsumer<?, ?> consumer, @Advice.Return ConsumerRecords<?, ?> records) {
            if (MessagingRecorder.lagDue(consumer, records == null ? 0 : records.count())) {
                for (TopicPartition partition : consumer.assignment()) {
                    OptionalLong lag = consumer.currentLag(partition);
                    if (lag.isPresent()) {
                        MessagingRecorder.lag(consumer, partition.topic(), partition.partition(), lag.getAsLong());
                    }
                }
                MessagingRecorder.lagReported(consumer);
            }
        }
    }

    /**
     * A consumer with lag (3.x and later) closing: its lag now is its last, and true (a consumer that
     * drains a topic in under a second never reached a once-a-second report). Read before the close,
     * on the closing thread; a close from another thread cannot read it and leaves the last report.
     * The loop is {@link LagAdvice}'s: advice is inlined into the consumer and cannot call a helper
     * of the agent's. {@link CloseAdvice} then marks the consumer closed, in every version.
     */
    public static class FinalLagAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This KafkaConsumer<?, ?> consumer) {
            if (MessagingRecorder.lagDue(consumer, MessagingRecorder.CLOSING)) {
                for (TopicPartition partition : consumer.assignment()) {
                    OptionalLong lag = consumer.currentLag(partition);
                    if (lag.isPresent()) {
                        MessagingRecorder.lag(consumer, partition.topic(), partition.partition(), lag.getAsLong());
                    }
                }
                MessagingRecorder.lagReported(consumer);
            }
        }
    }

    public static class CloseAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object consumer) {
            MessagingRecorder.consumerClosed(consumer);
        }
    }

    /** Method matchers, apart so that loading the instrumentation for its name and candidates loads no Byte Buddy. */
    private static final class Methods {
        static final ElementMatcher.Junction<MethodDescription> SEND =
                named("send").and(takesArguments(2)).and(takesArgument(1, named(PACKAGE + "producer.Callback")));
        static final ElementMatcher.Junction<MethodDescription> POLL =
                named("poll").and(takesArguments(Duration.class));
        static final ElementMatcher.Junction<MethodDescription> CLOSE = named("close");
        static final ElementMatcher.Junction<MethodDescription> CURRENT_LAG = named("currentLag").and(takesArguments(1));

        private Methods() {}
    }
}
