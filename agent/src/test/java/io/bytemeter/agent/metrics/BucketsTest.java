package io.bytemeter.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BucketsTest {

    private static final List<Buckets> LAYOUTS = List.of(Buckets.CACHE, Buckets.ID, Buckets.MESSAGING, Buckets.METHOD,
            Buckets.RPC, Buckets.RECORD_AGE);

    @Test
    void everyDurationFallsInTheBucketTheBinarySearchFinds() {
        SplittableRandom random = new SplittableRandom(25);
        for (Buckets buckets : LAYOUTS) {
            for (long bound : boundsOf(buckets)) {
                for (long nanos = Math.max(0, bound - 2); nanos <= bound + 2; nanos++) {
                    assertEquals(buckets.search(nanos), buckets.indexOf(nanos), "duration " + nanos);
                }
            }
            for (int i = 0; i < 100_000; i++) {
                long nanos = random.nextLong(1L << random.nextInt(1, 63));
                assertEquals(buckets.search(nanos), buckets.indexOf(nanos), "duration " + nanos);
            }
            assertEquals(0, buckets.indexOf(0));
            assertEquals(buckets.size(), buckets.indexOf(Long.MAX_VALUE));
        }
    }

    @Test
    void boundsCloserThanTwiceApartAreSearched() {
        Buckets close = Buckets.seconds(100e-9, 120e-9, 150e-9, 1e-6);
        for (long nanos = 0; nanos < 2_000; nanos++) {
            assertEquals(close.search(nanos), close.indexOf(nanos), "duration " + nanos);
        }
        assertEquals(0, close.indexOf(100));
        assertEquals(1, close.indexOf(101));
        assertEquals(2, close.indexOf(121));
        assertEquals(4, close.indexOf(1_001));
    }

    private static long[] boundsOf(Buckets buckets) {
        return buckets.boundsInSeconds().stream().mapToLong(s -> Math.round(s * 1e9)).toArray();
    }
}
