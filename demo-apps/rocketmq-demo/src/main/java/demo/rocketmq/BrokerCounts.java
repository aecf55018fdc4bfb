package demo.rocketmq;

import java.util.Map;
import java.util.TreeMap;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.OffsetWrapper;
import org.apache.rocketmq.remoting.protocol.admin.TopicOffset;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * What the broker itself counted, through RocketMQ's admin API (what {@code mqadmin topicStatus}
 * and {@code consumerProgress} print): messages stored per topic (each queue's max offset; the
 * demo's topics start empty) and, per consumer group and topic, the offsets the group committed.
 * A group given as {@code group:topic} is asked about that topic alone: the gRPC client's consumers
 * pop their messages, and their groups have no retry topic of their own for the admin API to find.
 * Usage: {@code BrokerCounts <name server> <topic>... -- <group>[:<topic>]...}; prints
 * {@code broker counts: stored.<topic>=N ... committed.<group>.<topic>=N ...}.
 */
public final class BrokerCounts {

    public static void main(String[] args) throws Exception {
        DefaultMQAdminExt admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(args[0]);
        admin.setInstanceName("broker-counts");
        admin.start();
        Map<String, Long> counts = new TreeMap<>();
        boolean groups = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--")) {
                groups = true;
            } else if (!groups) {
                TopicStatsTable stats = admin.examineTopicStats(args[i]);
                long stored = 0;
                for (TopicOffset offset : stats.getOffsetTable().values()) {
                    stored += offset.getMaxOffset() - offset.getMinOffset();
                }
                counts.put("stored." + args[i], stored);
            } else {
                String[] group = args[i].split(":", 2);
                ConsumeStats stats = group.length == 2 ? admin.examineConsumeStats(group[0], group[1]) : admin.examineConsumeStats(args[i]);
                for (Map.Entry<MessageQueue, OffsetWrapper> entry : stats.getOffsetTable().entrySet()) {
                    counts.merge("committed." + group[0] + "." + entry.getKey().getTopic(), entry.getValue().getConsumerOffset(), Long::sum);
                }
            }
        }
        admin.shutdown();
        StringBuilder line = new StringBuilder("broker counts:");
        counts.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        System.out.println(line);
    }
}
