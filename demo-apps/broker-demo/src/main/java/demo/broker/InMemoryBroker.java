package demo.broker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small in-memory broker: topics split into partitions, records appended round-robin, consumer
 * groups that each keep an offset per partition, and lag (records a group has yet to read).
 */
public final class InMemoryBroker {

    private static final class Topic {
        final List<List<byte[]>> partitions = new ArrayList<>();
        final Map<String, long[]> offsetsByGroup = new HashMap<>();
        long appended;

        Topic(int partitionCount) {
            for (int p = 0; p < partitionCount; p++) {
                partitions.add(new ArrayList<>());
            }
        }
    }

    private final int partitionCount;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();

    public InMemoryBroker(int partitionCount) {
        this.partitionCount = partitionCount;
    }

    public void createTopic(String topic) {
        topics.putIfAbsent(topic, new Topic(partitionCount));
    }

    /** Appends a record; returns its offset within its partition. */
    public long produce(String topic, byte[] value) {
        Topic t = topic(topic);
        synchronized (t) {
            List<byte[]> partition = t.partitions.get((int) (t.appended++ % partitionCount));
            partition.add(value);
            return partition.size() - 1;
        }
    }

    /** Up to {@code maxRecords} records the group has not read yet, moving its offsets past them. */
    public List<byte[]> poll(String topic, String group, int maxRecords) {
        Topic t = topic(topic);
        synchronized (t) {
            long[] offsets = t.offsetsByGroup.computeIfAbsent(group, g -> new long[partitionCount]);
            List<byte[]> records = new ArrayList<>();
            for (int p = 0; p < partitionCount && records.size() < maxRecords; p++) {
                List<byte[]> partition = t.partitions.get(p);
                while (offsets[p] < partition.size() && records.size() < maxRecords) {
                    records.add(partition.get((int) offsets[p]++));
                }
            }
            return records.isEmpty() ? Collections.emptyList() : records;
        }
    }

    /** Records in the topic the group has not read yet. */
    public long lag(String topic, String group) {
        Topic t = topic(topic);
        synchronized (t) {
            long[] offsets = t.offsetsByGroup.getOrDefault(group, new long[partitionCount]);
            long lag = 0;
            for (int p = 0; p < partitionCount; p++) {
                lag += t.partitions.get(p).size() - offsets[p];
            }
            return lag;
        }
    }

    private Topic topic(String name) {
        Topic t = topics.get(name);
        if (t == null) {
            throw new UnknownTopicException(name);
        }
        return t;
    }
}
