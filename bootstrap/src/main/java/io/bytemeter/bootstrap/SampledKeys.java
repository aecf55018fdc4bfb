package io.bytemeter.bootstrap;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import jdk.internal.vm.annotation.DontInline;

/**
 * The keys of one cache's lookups and puts that fall in its spatial sample, on their way from the
 * app's threads to the agent's sizing thread, which estimates the cache's miss-ratio curve from
 * them ({@code bytemeter.cache.sizing}). A key is in the sample when its mixed hash is under the
 * threshold the sizing thread sets (SHARDS): every reference of a sampled key comes through, and
 * no other key's, save a key referenced again right after itself. On the app's thread: one
 * {@code hashCode}, a mix, two compares; for a sampled key, a slot claimed in a bounded ring. A full ring drops the key and counts it: never a wait, never an
 * allocation.
 *
 * <p>The ring is Vyukov's bounded queue, for many producers and one consumer: each slot holds its
 * sequence number in its high half and the entry in its low half, so that an entry is one write.
 */
public final class SampledKeys {

    /** Slots in the ring: 128 KiB, a few milliseconds of lookups at the sampling rate of a fresh cache. */
    public static final int CAPACITY = 1 << 14;
    private static final int MASK = CAPACITY - 1;
    /** Sequence numbers are the low 31 bits of a position, above the entry's 33 bits. */
    private static final int SEQUENCE_SHIFT = 33;
    private static final long SEQUENCE_MASK = 0x7FFF_FFFFL;
    /** An entry: the key's mixed hash in the low 32 bits, and this bit when it was a lookup, not a put. */
    public static final long LOOKUP = 1L << 32;
    public static final long EMPTY = -1;

    private final AtomicLongArray slots = new AtomicLongArray(CAPACITY);
    private final AtomicLong tail = new AtomicLong();
    /** The consumer's position; only the sizing thread reads or writes it. */
    private long head;
    /** Keys whose mixed hash, unsigned, is below this are sampled: all of them to start with. */
    private volatile long threshold = 1L << 32;
    /**
     * The hash of the last key offered, by any thread: a reference to the key referenced just before
     * is at reuse distance 0, a hit at every size, which the curve counts as such without seeing it
     * (its denominator is the exact lookup count). So a hot key costs a compare, not a slot in the
     * ring. Written only when it changes, read without a fence: between threads, a stale value at
     * worst lets one reference through or leaves one out.
     */
    private long last = -1;
    /** Keys dropped on a full ring, added to by each thread in its own stripe: a hot key finds the ring full often. */
    private final OwnedStripes dropped = new OwnedStripes(1);

    public SampledKeys() {
        for (int i = 0; i < CAPACITY; i++) {
            slots.setPlain(i, (long) i << SEQUENCE_SHIFT);
        }
    }

    /**
     * A key's hash as the sample sees it: its {@code hashCode} through MurmurHash3's finalizer, since
     * {@code String} and {@code Integer} hash codes cluster in their low and high bits. The finalizer
     * maps 0 to 0, which every threshold samples; offset first, so that the popular key {@code 0} (or
     * {@code ""}) is as likely to be left out as any other.
     */
    public static int mix(int hash) {
        hash += 0x9E37_79B9;
        hash ^= hash >>> 16;
        hash *= 0x85EB_CA6B;
        hash ^= hash >>> 13;
        hash *= 0xC2B2_AE35;
        return hash ^ (hash >>> 16);
    }

    /**
     * A key's hash code by its content: a Redis client's {@code byte[]} key by its bytes, as
     * {@code String} and {@code ByteBuffer} keys hash already.
     */
    public static int hashOf(Object key) {
        return key instanceof byte[] ? Arrays.hashCode((byte[]) key) : key.hashCode();
    }

    /** A lookup of {@code key}; null keys (a bulk call's) are not sampled. */
    public void lookedUp(Object key) {
        if (key != null) {
            long hash = mix(hashOf(key)) & 0xFFFF_FFFFL;
            if (hash < threshold && hash != last) {
                offer(hash | LOOKUP);
            }
        }
    }

    /** A put of {@code key}: it becomes the most recent key, as a lookup does, but is not itself a lookup. */
    public void put(Object key) {
        if (key != null) {
            long hash = mix(hashOf(key)) & 0xFFFF_FFFFL;
            if (hash < threshold && hash != last) {
                offer(hash);
            }
        }
    }

    /** Out of the library's compiled method, where it would cost every lookup inlining room. */
    @DontInline
    private void offer(long entry) {
        last = entry & 0xFFFF_FFFFL;
        while (true) {
            long position = tail.get();
            int slot = (int) position & MASK;
            long sequence = slots.getAcquire(slot) >>> SEQUENCE_SHIFT;
            if (sequence == (position & SEQUENCE_MASK)) {
                if (tail.compareAndSet(position, position + 1)) {
                    slots.setRelease(slot, ((position + 1) & SEQUENCE_MASK) << SEQUENCE_SHIFT | entry);
                    return;
                }
            } else if (tail.get() == position) { // the slot still holds an entry from a lap ago: full
                dropped.add(dropped.stripe(), 0, 1);
                return;
            }
        }
    }

    /** The oldest entry (hash, and {@link #LOOKUP} for a lookup), or {@link #EMPTY}; the sizing thread's alone. */
    public long poll() {
        int slot = (int) head & MASK;
        long value = slots.getAcquire(slot);
        if (value >>> SEQUENCE_SHIFT != ((head + 1) & SEQUENCE_MASK)) {
            return EMPTY;
        }
        slots.setRelease(slot, ((head + CAPACITY) & SEQUENCE_MASK) << SEQUENCE_SHIFT);
        head++;
        return value & ((1L << SEQUENCE_SHIFT) - 1);
    }

    /** Samples from now on only keys whose mixed hash, unsigned, is below {@code threshold}. */
    public void sampleBelow(long threshold) {
        this.threshold = threshold;
    }

    /** Keys dropped because the ring was full. */
    public long dropped() {
        return dropped.total(0);
    }
}
