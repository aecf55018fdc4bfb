package io.bytemeter.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.bootstrap.SampledKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The ring between the app's threads and the sizing thread: a full ring drops and counts, and never waits. */
class SampledKeysTest {

    @Test
    void aFullRingDropsAndCountsWithoutWaiting() {
        SampledKeys keys = new SampledKeys();
        int offered = SampledKeys.CAPACITY + 1_000;
        for (int key = 0; key < offered; key++) {
            keys.lookedUp(key); // nobody drains: the last 1,000 find the ring full
        }
        assertEquals(1_000, keys.dropped());
        for (int key = 0; key < SampledKeys.CAPACITY; key++) {
            long entry = keys.poll();
            assertEquals(SampledKeys.mix(key), (int) entry, "entries in the order offered");
            assertTrue((entry & SampledKeys.LOOKUP) != 0);
        }
        assertEquals(SampledKeys.EMPTY, keys.poll());
        keys.put("k");
        assertEquals(SampledKeys.mix("k".hashCode()), (int) keys.poll(), "room again once drained");
    }

    @Test
    void aKeyReferencedAgainRightAfterItselfTakesNoSlot() {
        SampledKeys keys = new SampledKeys();
        for (String key : new String[] {"a", "a", "a", "b", "a"}) {
            keys.lookedUp(key);
        }
        keys.put("a"); // a cache-aside put right after its lookup
        assertEquals(SampledKeys.mix("a".hashCode()), (int) keys.poll());
        assertEquals(SampledKeys.mix("b".hashCode()), (int) keys.poll());
        assertEquals(SampledKeys.mix("a".hashCode()), (int) keys.poll());
        assertEquals(SampledKeys.EMPTY, keys.poll(), "the repeats are at distance 0: hits, counted by the exact lookup count");
    }

    @Test
    void keysAboveTheThresholdAreNotSampled() {
        SampledKeys keys = new SampledKeys();
        keys.sampleBelow(1L << 28); // one key in 16
        int offered = 16_000;
        for (int key = 0; key < offered; key++) {
            keys.lookedUp(key);
        }
        int sampled = 0;
        for (long entry = keys.poll(); entry != SampledKeys.EMPTY; entry = keys.poll()) {
            assertTrue((entry & 0xFFFF_FFFFL) < 1L << 28);
            sampled++;
        }
        assertEquals(offered / 16.0, sampled, offered / 16.0 * 0.1, "about one key in 16");
    }

    @Test
    void fourThreadsOfferingAtOnceLoseNothingButWhatIsCountedAsDropped() throws InterruptedException {
        SampledKeys keys = new SampledKeys();
        int perThread = 500_000;
        List<Thread> threads = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 4; t++) {
            int first = t * perThread;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int key = first; key < first + perThread; key++) {
                    keys.lookedUp(key);
                }
            });
            thread.start();
            threads.add(thread);
        }
        Map<Integer, Integer> received = new HashMap<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        start.countDown();
        Thread watcher = new Thread(() -> {
            for (Thread thread : threads) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    return;
                }
            }
            producing.set(false);
        });
        watcher.start();
        while (true) {
            boolean done = !producing.get();
            for (long entry = keys.poll(); entry != SampledKeys.EMPTY; entry = keys.poll()) {
                received.merge((int) entry, 1, Integer::sum);
            }
            if (done) {
                break;
            }
        }
        assertEquals(4L * perThread, received.size() + keys.dropped(), "every key received or counted as dropped");
        assertTrue(received.values().stream().allMatch(n -> n == 1), "no key received twice");
        assertTrue(received.size() > SampledKeys.CAPACITY, "the ring was drained while threads offered");
    }
}
