package demo.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.LocalMapStats;
import com.hazelcast.nearcache.NearCacheStats;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * An app whose cache is a Hazelcast cluster: two members it starts in its own JVM on loopback
 * (TCP join, nothing multicast, no phone home) and a client connected to them. Two threads work on
 * the map {@code sessions} through a member, two on {@code orders} through the client: gets,
 * {@code getAll} of three keys, puts, sets, {@code putIfAbsent}, removes, deletes and evicts. It
 * prints its own counts per map and what the members' {@code LocalMapStats} counted, summed.
 *
 * <p>{@code -Ddemo.operations} (per thread), {@code -Ddemo.exit=true}. With
 * {@code -Ddemo.external.client=true} it starts no client: it prints how to start one
 * ({@code -Ddemo.cluster=... -Ddemo.members=...}, which makes this class the client, in a JVM of its
 * own) and prints the members' counts when a line arrives on standard input.
 */
public final class HazelcastDemo {

    // per map: gets (per key), hits, misses, puts (that put), deletes (remove, delete, evict), removed,
    // putIfAbsent calls and those that put, evicts
    private static final int GETS = 0, HITS = 1, MISSES = 2, PUTS = 3, DELETES = 4, REMOVED = 5, PUT_IF_ABSENT = 6,
            PUT_IF_ABSENT_PUT = 7, EVICTS = 8;
    private static final int CATALOG_ENTRIES = 100;
    private static final String[] NAMES = {"gets", "hits", "misses", "puts", "deletes", "removed", "putIfAbsentCalls",
        "putIfAbsentPuts", "evicts"};

    public static void main(String[] args) throws Exception {
        System.setProperty("hazelcast.phone.home.enabled", "false");
        System.setProperty("hazelcast.logging.type", "none");
        int operations = Integer.getInteger("demo.operations", 3_000);
        if (System.getProperty("demo.members") != null) {
            runClient(System.getProperty("demo.cluster"), System.getProperty("demo.members").split(","), operations);
            return;
        }
        boolean externalClient = Boolean.getBoolean("demo.external.client");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String cluster = "bytemeter-demo-" + port;
        HazelcastInstance first = Hazelcast.newHazelcastInstance(member(cluster, port));
        HazelcastInstance second = Hazelcast.newHazelcastInstance(member(cluster, port));
        String members = "127.0.0.1:" + port + ",127.0.0.1:" + (port + 1);
        Map<String, String> catalog = new LinkedHashMap<>();
        for (int i = 0; i < CATALOG_ENTRIES; i++) {
            catalog.put("product:" + i, "p" + i);
        }
        first.getMap("catalog").putAll(catalog);
        System.out.println("hazelcast-demo: members up, -Ddemo.cluster=" + cluster + " -Ddemo.members=" + members);
        HazelcastInstance client = externalClient ? null : client(cluster, members.split(","));

        Map<String, AtomicLongArray> counts = new LinkedHashMap<>();
        counts.put("sessions", new AtomicLongArray(NAMES.length));
        List<Thread> workers = new ArrayList<>(workers(first.getMap("sessions"), operations, counts.get("sessions"), "sessions"));
        if (client != null) {
            counts.put("orders", new AtomicLongArray(NAMES.length));
            workers.addAll(workers(client.getMap("orders"), operations, counts.get("orders"), "orders"));
        }
        for (Thread worker : workers) {
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (externalClient) {
            System.out.println("hazelcast-demo: waiting for the client; a line on standard input prints the members' counts");
            new BufferedReader(new InputStreamReader(System.in)).readLine();
        }

        StringBuilder line = new StringBuilder("hazelcast-demo counts:");
        counts.forEach((map, mapCounts) -> line.append(counts(map, mapCounts)));
        for (String map : List.of("sessions", "orders", "catalog")) {
            long hits = 0, gets = 0, puts = 0, sets = 0, removes = 0;
            for (HazelcastInstance member : List.of(first, second)) {
                LocalMapStats stats = member.getMap(map).getLocalMapStats();
                hits += stats.getHits();
                gets += stats.getGetOperationCount();
                puts += stats.getPutOperationCount();
                sets += stats.getSetOperationCount();
                removes += stats.getRemoveOperationCount();
            }
            line.append(String.format(" %1$s.stats.hits=%2$d %1$s.stats.gets=%3$d %1$s.stats.puts=%4$d %1$s.stats.sets=%5$d"
                    + " %1$s.stats.removes=%6$d", map, hits, gets, puts, sets, removes));
        }
        System.out.println(line);
        if (Boolean.getBoolean("demo.exit")) {
            if (client != null) {
                client.shutdown();
            }
            Hazelcast.shutdownAll();
            return;
        }
        Thread.currentThread().join();
    }

    /**
     * A client in a JVM of its own: two threads on {@code orders}, two reading {@code catalog} through
     * the client's near cache, then its counts and the near cache's own; it stays up for scrapes.
     */
    private static void runClient(String cluster, String[] members, int operations) throws Exception {
        HazelcastInstance client = client(cluster, members);
        AtomicLongArray counts = new AtomicLongArray(NAMES.length);
        AtomicLongArray catalogCounts = new AtomicLongArray(NAMES.length);
        IMap<String, String> catalog = client.getMap("catalog");
        List<Thread> workers = workers(client.getMap("orders"), operations, counts, "orders");
        for (int t = 0; t < 2; t++) {
            long seed = 17 + t;
            workers.add(new Thread(() -> read(catalog, operations, seed, catalogCounts), "catalog-" + t));
        }
        for (Thread worker : workers) {
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        NearCacheStats nearCache = catalog.getLocalMapStats().getNearCacheStats();
        System.out.println("hazelcast-demo client counts:" + counts("orders", counts) + counts("catalog", catalogCounts)
                + " catalog.nearcache.hits=" + nearCache.getHits() + " catalog.nearcache.misses=" + nearCache.getMisses());
        Thread.currentThread().join();
    }

    /** Its {@code catalog} map read through a near cache, as a client keeps read-mostly data. */
    private static HazelcastInstance client(String cluster, String[] members) {
        ClientConfig config = new ClientConfig().setClusterName(cluster);
        config.getNetworkConfig().addAddress(members);
        config.addNearCacheConfig(new NearCacheConfig("catalog").setInvalidateOnChange(true));
        return HazelcastClient.newHazelcastClient(config);
    }

    /** Gets only, over half again as many keys as the catalog holds, so that a third miss. */
    private static void read(IMap<String, String> map, int operations, long seed, AtomicLongArray counts) {
        Random random = new Random(seed);
        for (int i = 0; i < operations; i++) {
            count(counts, map.get("product:" + random.nextInt(CATALOG_ENTRIES * 3 / 2)) != null);
        }
    }

    private static List<Thread> workers(IMap<String, String> map, int operations, AtomicLongArray counts, String name) {
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            long seed = 7 + t;
            workers.add(new Thread(() -> work(map, operations, seed, counts), name + "-" + t));
        }
        return workers;
    }

    private static String counts(String map, AtomicLongArray counts) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < NAMES.length; i++) {
            line.append(' ').append(map).append('.').append(NAMES[i]).append('=').append(counts.get(i));
        }
        return line.toString();
    }

    private static Config member(String cluster, int port) {
        Config config = new Config().setClusterName(cluster);
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(true).getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port).addMember("127.0.0.1:" + (port + 1));
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        return config;
    }

    /** Reads mostly, over more keys than are written, so that some miss. */
    static void work(IMap<String, String> map, int operations, long seed, AtomicLongArray counts) {
        Random random = new Random(seed);
        for (int i = 0; i < operations; i++) {
            int pick = random.nextInt(100);
            int k = random.nextInt(300);
            String key = "item:" + k;
            if (pick < 40) {
                count(counts, map.get(key) != null);
            } else if (pick < 48) {
                Set<String> keys = Set.of(key, "item:" + (k + 1) % 300, "item:" + (k + 2) % 300);
                Map<String, String> found = map.getAll(keys);
                for (String each : keys) {
                    count(counts, found.containsKey(each));
                }
            } else if (pick < 63) {
                map.put(key, "v" + i);
                counts.incrementAndGet(PUTS);
            } else if (pick < 73) {
                map.set(key, "s" + i);
                counts.incrementAndGet(PUTS);
            } else if (pick < 78) {
                if (map.putIfAbsent(key, "a" + i) == null) {
                    counts.incrementAndGet(PUTS);
                    counts.incrementAndGet(PUT_IF_ABSENT_PUT);
                }
                counts.incrementAndGet(PUT_IF_ABSENT);
            } else if (pick < 88) {
                if (map.remove(key) != null) {
                    counts.incrementAndGet(REMOVED);
                }
                counts.incrementAndGet(DELETES);
            } else if (pick < 94) {
                map.delete(key);
                counts.incrementAndGet(DELETES);
            } else {
                if (map.evict(key)) {
                    counts.incrementAndGet(REMOVED);
                }
                counts.incrementAndGet(DELETES);
                counts.incrementAndGet(EVICTS);
            }
        }
    }

    private static void count(AtomicLongArray counts, boolean hit) {
        counts.incrementAndGet(GETS);
        counts.incrementAndGet(hit ? HITS : MISSES);
    }
}
