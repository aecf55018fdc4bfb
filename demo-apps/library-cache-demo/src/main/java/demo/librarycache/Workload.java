package demo.librarycache;

import java.util.Random;
import java.util.concurrent.atomic.LongAdder;

/**
 * The seed workload against one cache: 70% gets, 20% puts, 10% deletes from several threads with
 * fixed seeds. Keys are drawn so that about 80% of gets find their key once the cache is warm.
 */
final class Workload {

    /** One cache's operations, whichever library it comes from. */
    interface Operations {
        /** Looks a key up; true when it was there (or, for a loading get, was there before the load). */
        void get(String key);

        void put(String key, String value);

        /** Removes a key; true when the cache says there was an entry to remove (false when it does not say). */
        boolean delete(String key);
    }

    final LongAdder gets = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder puts = new LongAdder();
    final LongAdder deletes = new LongAdder();
    final LongAdder removals = new LongAdder();

    void run(Operations cache, int threads, int opsPerThread, int keys) throws InterruptedException {
        for (int k = 0; k < keys; k++) {
            cache.put(key(k), "value-" + k);
            puts.increment();
        }
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            Random random = new Random(1000 + t);
            workers[t] = new Thread(() -> {
                for (int i = 0; i < opsPerThread; i++) {
                    int dice = random.nextInt(100);
                    if (dice < 70) {
                        cache.get(key(random.nextInt(keys)));
                        gets.increment();
                    } else if (dice < 90) {
                        int k = random.nextInt(keys);
                        cache.put(key(k), "value-" + k);
                        puts.increment();
                    } else {
                        deletes.increment();
                        if (cache.delete(key(random.nextInt(keys / 4)))) {
                            removals.increment();
                        }
                    }
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }

    /** Counts a plain lookup's outcome. */
    void countLookup(boolean found) {
        if (!found) {
            misses.increment();
        }
    }

    /** A loading lookup's mapping function: it runs only on a miss, so running is the count. */
    String countedLoad(String key) {
        misses.increment();
        return load(key);
    }

    static String key(int k) {
        return "key-" + k;
    }

    /** A loaded value, or null (a failed load) for one key in a hundred. */
    static String load(String key) {
        return key.hashCode() % 100 == 0 ? null : "loaded-" + key;
    }
}
