package demo.cache;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;

/**
 * Drives an {@link LruCache} with the seed workload: 70% gets, 20% sets, 10% deletes, from several
 * threads with fixed seeds. Deletes fall on a quarter of the keys and sets on all of them, so about
 * 80% of gets find their key. Counts its own operations and prints them, then stays up (so that
 * its metrics can be scraped) unless {@code -Ddemo.exit=true}.
 *
 * <p>Settings: {@code demo.threads} (4), {@code demo.ops} per thread (250000), {@code demo.keys} (10000),
 * {@code demo.await} (false: with true, the demo fills its cache, then waits for a line {@code go}
 * on standard input before its workload, so that an agent can be attached to it in between; the
 * counts it prints are those after {@code go}).
 */
public final class CacheDemo {

    public static void main(String[] args) throws Exception {
        int threads = Integer.getInteger("demo.threads", 4);
        int opsPerThread = Integer.getInteger("demo.ops", 250_000);
        int keys = Integer.getInteger("demo.keys", 10_000);
        LruCache<String, String> cache = new LruCache<>(keys);
        for (int k = 0; k < keys; k++) {
            cache.set(key(k), "value-" + k);
        }
        LongAdder gets = new LongAdder();
        LongAdder hits = new LongAdder();
        LongAdder misses = new LongAdder();
        LongAdder sets = new LongAdder();
        LongAdder deletes = new LongAdder();
        if (Boolean.getBoolean("demo.await")) {
            awaitGo();
        } else {
            sets.add(keys);
        }

        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            Random random = new Random(42 + t);
            workers[t] = new Thread(() -> {
                for (int i = 0; i < opsPerThread; i++) {
                    int dice = random.nextInt(100);
                    if (dice < 70) {
                        gets.increment();
                        if (cache.get(key(random.nextInt(keys))) != null) {
                            hits.increment();
                        } else {
                            misses.increment();
                        }
                    } else if (dice < 90) {
                        int k = random.nextInt(keys);
                        cache.set(key(k), "value-" + k);
                        sets.increment();
                    } else {
                        cache.delete(key(random.nextInt(keys / 4)));
                        deletes.increment();
                    }
                }
            }, "cache-worker-" + t);
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.println("cache-demo counts: gets=" + gets.sum() + " hits=" + hits.sum() + " misses=" + misses.sum()
                + " sets=" + sets.sum() + " deletes=" + deletes.sum() + " size=" + cache.size()
                + " evictions=" + cache.evictions());
        stayUp();
    }

    private static void awaitGo() throws IOException {
        System.out.println("cache-demo: cache filled; type go to start the workload");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.trim().equals("go"); line = in.readLine()) {
            System.out.println("cache-demo: type go to start the workload");
        }
    }

    private static String key(int k) {
        return "key-" + k;
    }

    static void stayUp() throws InterruptedException {
        if (Boolean.getBoolean("demo.exit")) {
            return;
        }
        System.out.println("cache-demo: workload done; staying up for scrapes, Ctrl-C to stop");
        Thread.currentThread().join();
    }
}
