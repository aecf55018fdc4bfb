package io.bytemeter.agent.metrics;

import io.bytemeter.bootstrap.SampledKeys;
import java.util.Arrays;

/**
 * What an LRU cache of any size would have missed over one cache's lookups since start, and how many
 * distinct keys were looked up, estimated from a spatially hashed sample of its keys in a fixed
 * footprint, whatever the key count: SHARDS (Waldspurger et al., FAST 2015), fixed-size variant.
 *
 * <p>Each sampled reference's reuse distance (the distinct sampled keys referenced since that key's
 * last reference) is found in a Fenwick tree over reference times, scaled by the inverse of the
 * sampling rate, and added to a histogram of distances with that weight; an LRU cache of {@code n}
 * entries misses a lookup whose distance is {@code n} or more, and a key's first lookup. A put moves
 * its key to the top, as an LRU cache's put does, but is not a lookup. When more than
 * {@link #MAX_KEYS} keys are sampled, the rate halves: the keys above the new threshold leave the
 * sample, and from then on weigh twice as much. The ring's entries are read on the sizing thread
 * alone; the synchronized readers see a consistent state.
 */
final class LruMissRatios {

    /** The most keys sampled at once: sample sizes between 16,384 and 32,768 estimate to about 1%. */
    static final int MAX_KEYS = 1 << 15;
    /** Distances below 64 have a bucket each; above, each binade has 64 buckets (1.6% wide). */
    private static final int SUB_BUCKETS = 64;
    private static final int SUB_BITS = 6;
    private static final int BUCKETS = SUB_BUCKETS + (64 - SUB_BITS) * SUB_BUCKETS;
    /** The least sample a ring's drops may thin further: about 3% error in its distinct keys. */
    private static final int MIN_KEYS_TO_THIN = 1 << 10;
    private static final int FIRST_TABLE = 1 << 10;
    private static final int LAST_TABLE = MAX_KEYS * 2;

    /** Sampled keys: the mixed hash in the high half, the key's last reference time + 1 in the low 31 bits, bit 31 once it was looked up. */
    private long[] table = new long[FIRST_TABLE];
    private int keys;
    private int keysLookedUp;
    /** A Fenwick tree over reference times {@code [0, table.length)}: 1 at each key's last reference. */
    private int[] times = new int[FIRST_TABLE + 1];
    private int now;
    /** The sampling rate is {@code 2^-shift}: keys whose mixed hash is below {@code 2^(32 - shift)}. */
    private int shift;
    private final long[] distances = new long[BUCKETS];
    /** Sampled lookups, each weighed by the inverse of the rate it was sampled at. */
    private long lookups;
    private long firstLookups;
    private final SampledKeys sample;
    private long droppedSeen;

    /** @param sample the ring the keys come through, told when the rate lowers; null in tests that feed hashes */
    LruMissRatios(SampledKeys sample) {
        this.sample = sample;
    }

    /**
     * Takes in what the ring holds, one ring's worth at most: the sizing thread's call. A ring the
     * app fills faster than this drains it would otherwise keep the thread in here, and its lines
     * moving between two cores on every lookup. A ring that dropped keys since the last drain had
     * more sampled lookups than the thread takes in: with enough keys in the sample, the rate halves,
     * so that fewer come.
     */
    synchronized void drain() {
        for (int taken = 0; taken < SampledKeys.CAPACITY; taken++) {
            long entry = sample.poll();
            if (entry == SampledKeys.EMPTY) {
                break;
            }
            take((int) entry, (entry & SampledKeys.LOOKUP) != 0);
        }
        long dropped = sample.dropped();
        if (dropped != droppedSeen) {
            droppedSeen = dropped;
            if (keys >= MIN_KEYS_TO_THIN) {
                halveRate();
                renumber(table.length);
            }
        }
    }

    /** One reference to the key of mixed hash {@code hash}: a lookup, or a put. */
    synchronized void referenced(int hash, boolean lookup) {
        take(hash, lookup);
    }

    private void take(int hash, boolean lookup) {
        if ((hash & 0xFFFF_FFFFL) >= 1L << (32 - shift)) {
            return; // sampled before the rate lowered, read after
        }
        long weight = 1L << shift;
        if (lookup) {
            lookups += weight;
        }
        int slot = slotOf(hash);
        long entry = table[slot];
        if (entry == 0) {
            if (lookup) {
                firstLookups += weight;
                keysLookedUp++;
            }
            keys++;
            table[slot] = entry(hash, lookup, now);
        } else {
            int last = (int) (entry & 0x7FFF_FFFF) - 1;
            boolean lookedUp = (entry & 0x8000_0000L) != 0;
            if (lookup) {
                long distance = (long) (keys - prefix(last)) << shift; // one mark per key: those after its own
                distances[bucket(distance)] += weight;
                if (!lookedUp) {
                    keysLookedUp++;
                }
            }
            add(last, -1);
            table[slot] = entry(hash, lookedUp || lookup, now);
        }
        add(now, 1);
        now++;
        if (keys > MAX_KEYS) {
            lowerRate();
        } else if (keys > table.length / 2) {
            renumber(table.length * 2);
        } else if (now == table.length) {
            renumber(table.length);
        }
    }

    /**
     * The miss ratio an LRU cache of {@code size} entries would have had over {@code lookups}, the
     * exact count of the lookups whose keys the sample was offered; NaN before any lookup.
     *
     * <p>The exact count, not the sample's estimate of it, is the denominator (SHARDS_adj): under a
     * skewed load a few keys make most lookups, and whether the sample holds them swings the
     * estimate by far more than the rest does. What the sample lacks of the exact count, or holds
     * over it, is those keys' lookups, which are hits at the smallest distances.
     */
    synchronized double missRatio(long size, long lookups) {
        if (lookups <= 0 || this.lookups == 0) {
            return Double.NaN;
        }
        long missed = firstLookups;
        int at = bucket(size);
        for (int i = at + 1; i < BUCKETS; i++) {
            missed += distances[i];
        }
        long low = lowest(at);
        long width = lowest(at + 1) - low;
        // the bucket holding size: the part of it at or above size, as if spread evenly
        missed += Math.round(distances[at] * (double) (low + width - size) / width);
        return Math.min(1.0, (double) missed / lookups);
    }

    /** Distinct keys looked up since start, estimated. */
    synchronized long distinctKeys() {
        return (long) keysLookedUp << shift;
    }

    /** Bytes this estimate holds now; at most about 790 KiB, whatever the key count. */
    synchronized long footprint() {
        return 8L * table.length + 4L * times.length + 8L * distances.length;
    }

    /** The sampling rate's exponent: one key in {@code 2^shift}. */
    synchronized int shift() {
        return shift;
    }

    private static int bucket(long distance) {
        if (distance < SUB_BUCKETS) {
            return (int) distance;
        }
        int binade = 63 - Long.numberOfLeadingZeros(distance);
        return SUB_BUCKETS + (binade - SUB_BITS) * SUB_BUCKETS + (int) (distance >>> (binade - SUB_BITS)) - SUB_BUCKETS;
    }

    /** The least distance of bucket {@code index}. */
    private static long lowest(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int binade = SUB_BITS + (index - SUB_BUCKETS) / SUB_BUCKETS;
        long mantissa = SUB_BUCKETS + (index - SUB_BUCKETS) % SUB_BUCKETS;
        return binade >= 63 ? Long.MAX_VALUE : mantissa << (binade - SUB_BITS);
    }

    private static long entry(int hash, boolean lookedUp, int time) {
        return (long) hash << 32 | (lookedUp ? 0x8000_0000L : 0) | (time + 1);
    }

    /** The slot holding {@code hash}, or the empty one where it goes (linear probing; sampled hashes are uniform in their low bits). */
    private int slotOf(int hash) {
        int mask = table.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            long entry = table[slot];
            if (entry == 0 || (int) (entry >>> 32) == hash) {
                return slot;
            }
        }
    }

    /** Halves the sampling rate until at most {@link #MAX_KEYS} keys are left. */
    private void lowerRate() {
        while (keys > MAX_KEYS) {
            halveRate();
        }
        renumber(table.length);
    }

    /** Halves the sampling rate: the keys above the new threshold leave the sample, and the ring is told. */
    private void halveRate() {
        shift++;
        long threshold = 1L << (32 - shift);
        if (sample != null) {
            sample.sampleBelow(threshold);
        }
        int kept = 0;
        int keptLookedUp = 0;
        for (int i = 0; i < table.length; i++) {
            long entry = table[i];
            if (entry != 0 && (entry >>> 32) >= threshold) {
                table[i] = 0;
            } else if (entry != 0) {
                kept++;
                keptLookedUp += (entry & 0x8000_0000L) != 0 ? 1 : 0;
            }
        }
        keys = kept;
        keysLookedUp = keptLookedUp;
    }

    /**
     * Gives the sampled keys reference times {@code 0..keys-1} in the order of their last
     * reference, in a table of {@code capacity} slots, and rebuilds the tree over them: the time
     * runs on without bound, the tree does not. At the same capacity it allocates nothing (it runs
     * every few thousand references of a small sample): the keys are sorted by time at the front of
     * the table, and wait in the tree's array, two ints each, while the table is filled again.
     */
    private void renumber(int capacity) {
        int n = 0;
        for (int i = 0; i < table.length; i++) {
            long entry = table[i];
            if (entry != 0) {
                // time first, so that sorting orders by it; then the looked-up bit and the hash
                table[n++] = (entry & 0x7FFF_FFFFL) << 33 | (entry & 0x8000_0000L) << 1 | entry >>> 32;
            }
        }
        Arrays.sort(table, 0, n);
        int[] sorted = times.length > 2 * n ? times : new int[2 * n];
        for (int i = 0; i < n; i++) {
            sorted[2 * i] = (int) (table[i] >>> 32);
            sorted[2 * i + 1] = (int) table[i];
        }
        int size = Math.min(Math.max(capacity, FIRST_TABLE), LAST_TABLE);
        if (size != table.length) {
            table = new long[size];
            times = new int[size + 1];
        } else {
            Arrays.fill(table, 0);
        }
        for (int time = 0; time < n; time++) {
            int hash = sorted[2 * time + 1];
            boolean lookedUp = (sorted[2 * time] & 1) != 0;
            table[slotOf(hash)] = entry(hash, lookedUp, time);
        }
        Arrays.fill(times, 0);
        for (int time = 0; time < n; time++) {
            add(time, 1);
        }
        now = n;
    }

    private void add(int time, int delta) {
        for (int i = time + 1; i < times.length; i += i & -i) {
            times[i] += delta;
        }
    }

    /** References marked at times {@code 0..time}. */
    private int prefix(int time) {
        int sum = 0;
        for (int i = time + 1; i > 0; i -= i & -i) {
            sum += times[i];
        }
        return sum;
    }
}
