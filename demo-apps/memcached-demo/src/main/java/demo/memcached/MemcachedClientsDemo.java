package demo.memcached;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import net.rubyeye.xmemcached.GetsResponse;
import net.rubyeye.xmemcached.XMemcachedClient;
import net.spy.memcached.CASValue;
import net.spy.memcached.MemcachedClient;

/**
 * An app that uses memcached as its cache through spymemcached and through xmemcached, each client
 * shared by several threads: reads ({@code get}, a get of many keys, {@code gets}), writes
 * ({@code set}, which spymemcached code mostly fires without waiting, {@code add},
 * {@code replace}, {@code cas}), deletes and counters ({@code incr}). It prints its own counts per
 * client and the server's {@code stats}.
 *
 * <p>{@code -Ddemo.memcached.port=N} uses the memcached on that port (else it starts its own),
 * {@code -Ddemo.clients=spymemcached,xmemcached} (both by default), {@code -Ddemo.threads} (per
 * client), {@code -Ddemo.operations} (per thread), {@code -Ddemo.exit=true}.
 */
public final class MemcachedClientsDemo {

    // per client: gets (per key), hits, misses, puts (storage commands), deletes, removed, other commands
    private static final int GETS = 0, HITS = 1, MISSES = 2, PUTS = 3, DELETES = 4, REMOVED = 5, OTHER = 6;
    private static final String[] NAMES = {"gets", "hits", "misses", "puts", "deletes", "removed", "other"};
    private static final int COUNTERS = 10;

    public static void main(String[] args) throws Exception {
        MemcachedServerProcess memcached = MemcachedServerProcess.startOrUse();
        List<String> clients = List.of(System.getProperty("demo.clients", "spymemcached,xmemcached").split(","));
        int threads = Integer.getInteger("demo.threads", 4);
        int operations = Integer.getInteger("demo.operations", 5_000);
        Map<String, String> before = memcached.stats();

        List<Calls> calls = new ArrayList<>();
        for (String client : clients) {
            calls.add(client.equals("xmemcached") ? new XmemcachedCalls(new XMemcachedClient("127.0.0.1", memcached.port))
                    : new SpymemcachedCalls(new MemcachedClient(new InetSocketAddress("127.0.0.1", memcached.port))));
        }
        List<Thread> workers = new ArrayList<>();
        List<AtomicLongArray> counts = new ArrayList<>();
        for (int c = 0; c < calls.size(); c++) {
            Calls client = calls.get(c);
            AtomicLongArray clientCounts = new AtomicLongArray(NAMES.length);
            counts.add(clientCounts);
            for (int i = 0; i < COUNTERS; i++) {
                client.set("counter:" + i, "0");
                client.awaitSets();
                clientCounts.incrementAndGet(PUTS);
            }
            for (int t = 0; t < threads; t++) {
                long seed = 7 + t;
                workers.add(new Thread(() -> work(client, operations, seed, clientCounts), clients.get(c) + "-" + t));
            }
        }
        for (Thread worker : workers) {
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }

        Map<String, String> after = memcached.stats();
        StringBuilder line = new StringBuilder("memcached-demo counts:");
        for (int c = 0; c < clients.size(); c++) {
            for (int i = 0; i < NAMES.length; i++) {
                line.append(' ').append(clients.get(c)).append('.').append(NAMES[i]).append('=').append(counts.get(c).get(i));
            }
        }
        for (String stat : List.of("get_hits", "get_misses", "cmd_set", "delete_hits", "delete_misses")) {
            line.append(" server.").append(stat).append('=')
                    .append(Long.parseLong(after.get(stat)) - Long.parseLong(before.get(stat)));
        }
        System.out.println(line);
        if (Boolean.getBoolean("demo.exit")) {
            for (Calls client : calls) {
                client.close();
            }
            memcached.close();
            return;
        }
        Thread.currentThread().join();
    }

    /**
     * Reads mostly, over more keys than are written, so that some miss; a thread waits for its
     * unanswered {@code set}s at the end.
     */
    static void work(Calls memcached, int operations, long seed, AtomicLongArray counts) {
        Random random = new Random(seed);
        try {
            for (int i = 0; i < operations; i++) {
                int pick = random.nextInt(100);
                int k = random.nextInt(500);
                String key = "item:" + k;
                if (pick < 35) {
                    count(counts, memcached.get(key) != null);
                } else if (pick < 43) {
                    List<String> keys = List.of(key, "item:" + (k + 1) % 500, "item:" + (k + 2) % 500);
                    Map<String, Object> found = memcached.getMulti(keys);
                    for (String each : keys) {
                        count(counts, found.containsKey(each));
                    }
                } else if (pick < 48) {
                    count(counts, memcached.gets(key) != null);
                } else if (pick < 68) {
                    memcached.set(key, "v" + i);
                    counts.incrementAndGet(PUTS);
                } else if (pick < 73) {
                    memcached.add(key, "a" + i);
                    counts.incrementAndGet(PUTS);
                } else if (pick < 78) {
                    memcached.replace(key, "r" + i);
                    counts.incrementAndGet(PUTS);
                } else if (pick < 84) {
                    Long cas = memcached.gets(key);
                    count(counts, cas != null);
                    if (cas != null) {
                        memcached.cas(key, cas, "c" + i);
                        counts.incrementAndGet(PUTS);
                    }
                } else if (pick < 95) {
                    if (memcached.delete(key)) {
                        counts.incrementAndGet(REMOVED);
                    }
                    counts.incrementAndGet(DELETES);
                } else {
                    memcached.incr("counter:" + random.nextInt(COUNTERS), pick < 97);
                    counts.incrementAndGet(OTHER);
                }
            }
            memcached.awaitSets();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void count(AtomicLongArray counts, boolean hit) {
        counts.incrementAndGet(GETS);
        counts.incrementAndGet(hit ? HITS : MISSES);
    }

    /** What the workload needs of a client; one implementation per library. */
    interface Calls {
        Object get(String key) throws Exception;

        Map<String, Object> getMulti(List<String> keys) throws Exception;

        /** The entry's CAS id, null when there is none. */
        Long gets(String key) throws Exception;

        /** May return before the server answered; {@link #awaitSets()} waits for every answer. */
        void set(String key, String value) throws Exception;

        void awaitSets() throws Exception;

        void add(String key, String value) throws Exception;

        void replace(String key, String value) throws Exception;

        void cas(String key, long cas, String value) throws Exception;

        boolean delete(String key) throws Exception;

        /** @param waiting the call that waits for its answer, else the client's asynchronous one, waited for */
        void incr(String key, boolean waiting) throws Exception;

        void close() throws Exception;
    }

    /** spymemcached's API is asynchronous underneath: a {@code set} is fired, and its future waited for later. */
    private static final class SpymemcachedCalls implements Calls {
        private final MemcachedClient client;
        private final ThreadLocal<List<Future<Boolean>>> unanswered = ThreadLocal.withInitial(ArrayList::new);

        SpymemcachedCalls(MemcachedClient client) {
            this.client = client;
        }

        public Object get(String key) {
            return client.get(key);
        }

        public Map<String, Object> getMulti(List<String> keys) {
            return client.getBulk(keys);
        }

        public Long gets(String key) {
            CASValue<Object> value = client.gets(key);
            return value == null ? null : value.getCas();
        }

        public void set(String key, String value) {
            unanswered.get().add(client.set(key, 0, value));
        }

        public void awaitSets() throws Exception {
            for (Future<Boolean> set : unanswered.get()) {
                set.get();
            }
            unanswered.get().clear();
        }

        public void add(String key, String value) throws Exception {
            client.add(key, 0, value).get();
        }

        public void replace(String key, String value) throws Exception {
            client.replace(key, 0, value).get();
        }

        public void cas(String key, long cas, String value) {
            client.cas(key, cas, value);
        }

        public boolean delete(String key) throws Exception {
            return client.delete(key).get();
        }

        public void incr(String key, boolean waiting) throws Exception {
            if (waiting) {
                client.incr(key, 1);
            } else {
                client.asyncIncr(key, 1).get();
            }
        }

        public void close() {
            client.shutdown(5, TimeUnit.SECONDS);
        }
    }

    /** xmemcached's API waits for every answer; its {@code ...WithNoReply} calls wait for none. */
    private static final class XmemcachedCalls implements Calls {
        private final XMemcachedClient client;

        XmemcachedCalls(XMemcachedClient client) {
            this.client = client;
        }

        public Object get(String key) throws Exception {
            return client.get(key);
        }

        public Map<String, Object> getMulti(List<String> keys) throws Exception {
            return client.get(keys);
        }

        public Long gets(String key) throws Exception {
            GetsResponse<Object> value = client.gets(key);
            return value == null ? null : value.getCas();
        }

        public void set(String key, String value) throws Exception {
            client.set(key, 0, value);
        }

        public void awaitSets() {}

        public void add(String key, String value) throws Exception {
            client.add(key, 0, value);
        }

        public void replace(String key, String value) throws Exception {
            client.replace(key, 0, value);
        }

        public void cas(String key, long cas, String value) throws Exception {
            client.cas(key, 0, value, cas);
        }

        public boolean delete(String key) throws Exception {
            return client.delete(key);
        }

        public void incr(String key, boolean waiting) throws Exception {
            client.incr(key, 1);
        }

        public void close() throws Exception {
            client.shutdown();
        }
    }
}
