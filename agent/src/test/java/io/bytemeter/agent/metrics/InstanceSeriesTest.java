package io.bytemeter.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** Instances found by scan and by hash alike, held weakly, and capped. */
class InstanceSeriesTest {

    @Test
    void instancesPastTheScannedOnesAreFoundByHash() {
        InstanceSeries<String> series = new InstanceSeries<>(2);
        List<Object> instances = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Object instance = new Object();
            instances.add(instance);
            series.register(instance, "s" + i);
        }
        for (int i = 0; i < 50; i++) {
            assertEquals("s" + i, series.get(instances.get(i)));
        }
        assertNull(series.get(new Object()));
    }

    @Test
    void anInstanceTheAppDropsIsNotKeptAlive() throws InterruptedException {
        InstanceSeries<String> series = new InstanceSeries<>(8);
        Object dropped = new Object();
        WeakReference<Object> ref = new WeakReference<>(dropped);
        series.register(dropped, "dropped");
        dropped = null;
        for (int i = 0; i < 100 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(ref.get(), "collected");
        int[] live = {0};
        series.forEach((instance, s) -> live[0]++);
        assertEquals(0, live[0]);
    }

    @Test
    void pastTheCapInstancesShareTheOverflowSeriesAndAreCounted() {
        InstanceSeries<String> series = new InstanceSeries<>(8);
        LongAdder dropped = new LongAdder();
        List<Object> instances = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Object instance = new Object();
            instances.add(instance);
            int n = i;
            series.registerCapped(instance, () -> "s" + n, "_overflow", 3, dropped);
        }
        assertEquals("s2", series.get(instances.get(2)));
        assertSame("_overflow", series.get(instances.get(3)));
        assertSame("_overflow", series.get(instances.get(4)));
        assertEquals(2, dropped.sum());
        assertEquals("s0", series.registerCapped(instances.get(0), () -> "again", "_overflow", 3, dropped), "registered once");
    }
}
