package io.bytemeter.agent.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Publishes on one channel in publisher-confirm mode (RabbitMQ), waiting for the broker's ack or
 * nack of their sequence number, so that a send's duration runs to the broker's answer, like
 * Kafka's. Sequence numbers count up from 1 per channel, so each has a slot in fixed arrays: no
 * allocation per message and no lock between the publishing thread and the connection thread
 * that confirms (a slot's sequence number, written last and read first, publishes its fields).
 * Past {@value #CAPACITY} unconfirmed publishes the slot is taken and the publish is recorded as
 * it is made.
 */
final class ConfirmTracker {

    static final int CAPACITY = 8192;

    /** What a confirmed (or nacked) publish was. */
    interface Completion {
        void complete(String system, String destination, long bytes, boolean nack, long start);
    }

    private final String system;

    private final AtomicLongArray sequence = new AtomicLongArray(CAPACITY);
    private final long[] starts = new long[CAPACITY];
    private final long[] sizes = new long[CAPACITY];
    private final String[] destinations = new String[CAPACITY];
    /** Written by the confirming thread only. */
    private long confirmedUpTo;

    ConfirmTracker(String system) {
        this.system = system;
    }

    /** @return false when the slot still waits for an earlier publish: record this one now instead */
    boolean published(long seqNo, String destination, long bytes, long start) {
        int i = slot(seqNo);
        if (sequence.get(i) != 0) {
            return false;
        }
        starts[i] = start;
        sizes[i] = bytes;
        destinations[i] = destination;
        sequence.set(i, seqNo);
        return true;
    }

    /** The publish noted as {@code seqNo} threw: it is not waited for. */
    void cancelled(long seqNo) {
        int i = slot(seqNo);
        if (sequence.get(i) == seqNo) {
            destinations[i] = null;
            sequence.compareAndSet(i, seqNo, 0);
        }
    }

    /** The broker confirmed {@code seqNo}, or every publish up to it when {@code multiple}. */
    void confirmed(long seqNo, boolean multiple, boolean nack, Completion done) {
        long from = multiple ? Math.max(confirmedUpTo + 1, seqNo - CAPACITY + 1) : seqNo;
        for (long s = from; s <= seqNo; s++) {
            int i = slot(s);
            if (sequence.get(i) == s) {
                String destination = destinations[i];
                long bytes = sizes[i];
                long start = starts[i];
                destinations[i] = null;
                sequence.set(i, 0);
                done.complete(system, destination, bytes, nack, start);
            }
        }
        if (multiple && seqNo > confirmedUpTo) {
            confirmedUpTo = seqNo;
        }
    }

    private static int slot(long seqNo) {
        return (int) (seqNo & (CAPACITY - 1));
    }
}
