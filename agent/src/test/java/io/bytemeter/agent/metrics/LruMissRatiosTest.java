package io.bytemeter.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.bootstrap.SampledKeys;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * The estimate against an exact LRU simulation of the same lookups, written here apart from the
 * agent's code: at every size of the ladder a cache of 5,000 entries gets (a quarter to four times),
 * within 0.02 of the exact miss ratio after 10^6 lookups or more, and the distinct keys within 2%.
 */
class LruMissRatiosTest {

    private static final int MAXIMUM = 5_000;
    private static final long[] SIZES = {MAXIMUM / 4, MAXIMUM / 2, MAXIMUM, 2 * MAXIMUM, 4 * MAXIMUM};
    private static final int LOOKUPS = 1_500_000;

    @Test
    void zipfKeysOfExponentPointSix() {
        assertEstimateMatches(zipf(new Random(1), 200_000, 0.6, 0));
    }

    @Test
    void zipfKeysOfExponentOne() {
        assertEstimateMatches(zipf(new Random(2), 200_000, 1.0, 0));
    }

    @Test
    void aPopularSetThatShiftsMidRun() {
        IntSupplier before = zipf(new Random(3), 100_000, 0.9, 0);
        IntSupplier after = zipf(new Random(4), 100_000, 0.9, 1_000_000);
        int[] made = {0};
        assertEstimateMatches(() -> made[0]++ < LOOKUPS / 2 ? before.getAsInt() : after.getAsInt());
    }

    @Test
    void aLoopLargerThanTheCache() {
        int loop = MAXIMUM * 3 / 2;
        int[] next = {0};
        assertEstimateMatches(() -> next[0]++ % loop);
    }

    @Test
    void aScanMixedIntoAHotSet() {
        Random random = new Random(5);
        IntSupplier hot = zipf(random, 4_000, 0.8, 0);
        int[] scanned = {10_000_000};
        assertEstimateMatches(() -> random.nextInt(10) == 0 ? scanned[0]++ : hot.getAsInt());
    }

    @Test
    void putsMoveTheirKeyToTheTopWithoutCountingAsLookups() {
        LruMissRatios estimate = new LruMissRatios(null);
        // a b c, then a put of a: the lookup of a after b's and c's lookups is at distance 2, not 0
        for (int key : new int[] {1, 2, 3}) {
            estimate.referenced(SampledKeys.mix(key), true);
        }
        estimate.referenced(SampledKeys.mix(1), false);
        estimate.referenced(SampledKeys.mix(2), true);
        // four lookups: three first ones, and b at distance 2 (c and a since)
        assertEquals(1.0, estimate.missRatio(2, 4));
        assertEquals(0.75, estimate.missRatio(3, 4));
        assertEquals(3, estimate.distinctKeys());
    }

    @Test
    void tenMillionKeysStayWithinTheFootprint() {
        LruMissRatios estimate = new LruMissRatios(null);
        for (int key = 0; key < 10_000_000; key++) {
            estimate.referenced(SampledKeys.mix(key), true);
        }
        assertTrue(estimate.footprint() + 8L * SampledKeys.CAPACITY <= 1 << 20,
                "estimate and ring in 1 MiB: " + estimate.footprint() + " + the ring");
        assertTrue(estimate.shift() >= 8, "sampling one key in " + (1 << estimate.shift()));
        assertEquals(10_000_000, estimate.distinctKeys(), 200_000);
        assertEquals(1.0, estimate.missRatio(4 * MAXIMUM, 10_000_000), 0.02, "every key looked up once: every lookup a first one");
    }

    /** Feeds {@link #LOOKUPS} keys to the estimate and to five exact LRU caches, and compares. */
    private static void assertEstimateMatches(IntSupplier keys) {
        LruMissRatios estimate = new LruMissRatios(null);
        LruSimulation[] exact = new LruSimulation[SIZES.length];
        for (int i = 0; i < SIZES.length; i++) {
            exact[i] = new LruSimulation((int) SIZES[i]);
        }
        Set<Integer> distinct = new HashSet<>();
        for (int n = 0; n < LOOKUPS; n++) {
            int key = keys.getAsInt();
            estimate.referenced(SampledKeys.mix(Integer.hashCode(key)), true);
            for (LruSimulation cache : exact) {
                cache.lookUp(key);
            }
            distinct.add(key);
        }
        StringBuilder report = new StringBuilder();
        boolean within = true;
        for (int i = 0; i < SIZES.length; i++) {
            double expected = exact[i].missRatio();
            double estimated = estimate.missRatio(SIZES[i], LOOKUPS);
            report.append(String.format("size %d: exact %.4f, estimated %.4f%n", SIZES[i], expected, estimated));
            within &= Math.abs(expected - estimated) <= 0.02;
        }
        assertTrue(within, report.toString());
        assertEquals(distinct.size(), estimate.distinctKeys(), distinct.size() * 0.02,
                "distinct keys, sampling one in " + (1 << estimate.shift()));
    }

    /** A key supplier: ranks drawn from a Zipf distribution over {@code keys} keys, offset by {@code first}. */
    private static IntSupplier zipf(Random random, int keys, double exponent, int first) {
        double[] cumulative = new double[keys];
        double sum = 0;
        for (int rank = 0; rank < keys; rank++) {
            sum += 1 / Math.pow(rank + 1, exponent);
            cumulative[rank] = sum;
        }
        double total = sum;
        return () -> {
            int found = Arrays.binarySearch(cumulative, random.nextDouble() * total);
            return first + (found >= 0 ? found : -found - 1);
        };
    }

    /** An LRU cache of a fixed size that counts its misses: a lookup that misses brings the key in. */
    private static final class LruSimulation {
        private final Map<Integer, Boolean> entries;
        private long lookups;
        private long misses;

        LruSimulation(int size) {
            this.entries = new LinkedHashMap<>(size * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
                    return size() > size;
                }
            };
        }

        void lookUp(int key) {
            lookups++;
            if (entries.get(key) == null) {
                misses++;
                entries.put(key, Boolean.TRUE);
            }
        }

        double missRatio() {
            return (double) misses / lookups;
        }
    }
}
