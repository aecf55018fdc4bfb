package demo.redis;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * An app that uses Redis streams as queues through Jedis: a producer adds orders and payments; a
 * consumer group ({@code billing}) reads the orders and acknowledges all but every tenth, which stay
 * pending; a plain reader reads the payments from the start. It prints its own counts.
 *
 * <p>{@code -Ddemo.redis.port=N} uses the Redis server on that port (else it starts its own),
 * {@code -Ddemo.messages} (orders; half as many payments, 2,000), {@code -Ddemo.exit=true}.
 */
public final class RedisStreamsDemo {

    public static void main(String[] args) throws Exception {
        RedisServerProcess redis = RedisServerProcess.startOrUse();
        int orders = Integer.getInteger("demo.messages", 2_000);
        JedisPool pool = new JedisPool("127.0.0.1", redis.port);
        try (Jedis jedis = pool.getResource()) {
            jedis.del("orders", "payments");
            jedis.xgroupCreate("orders", "billing", new StreamEntryID(0, 0), true);
        }
        AtomicLong billed = new AtomicLong();
        AtomicLong acked = new AtomicLong();
        AtomicLong audited = new AtomicLong();
        Thread[] threads = {
            new Thread(() -> produce(pool, orders), "streams-producer"),
            new Thread(() -> bill(pool, orders, billed, acked), "streams-billing"),
            new Thread(() -> audit(pool, orders / 2, audited), "streams-audit")};
        for (Thread thread : threads) {
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.println("redis-streams-demo counts: sent.orders=" + orders + " sent.payments=" + orders / 2 + " received.orders="
                + billed.get() + " received.payments=" + audited.get() + " acked=" + acked.get());
        if (Boolean.getBoolean("demo.exit")) {
            pool.close();
            redis.close();
            return;
        }
        Thread.currentThread().join();
    }

    /** An order per step, a payment every other one. */
    private static void produce(JedisPool pool, int orders) {
        try (Jedis jedis = pool.getResource()) {
            for (int i = 0; i < orders; i++) {
                jedis.xadd("orders", StreamEntryID.NEW_ENTRY, Map.of("order", "o" + i, "cents", Integer.toString(i * 100)));
                if (i % 2 == 0) {
                    jedis.xadd("payments", StreamEntryID.NEW_ENTRY, Map.of("payment", "p" + i));
                }
            }
        }
    }

    /** The billing group's consumer: every order read, all but every tenth acknowledged. */
    private static void bill(JedisPool pool, int orders, AtomicLong billed, AtomicLong acked) {
        try (Jedis jedis = pool.getResource()) {
            while (billed.get() < orders) {
                List<Map.Entry<String, List<StreamEntry>>> read = jedis.xreadGroup("billing", "billing-1",
                        XReadGroupParams.xReadGroupParams().count(50).block(100), Map.of("orders", StreamEntryID.UNRECEIVED_ENTRY));
                for (Map.Entry<String, List<StreamEntry>> stream : read == null ? List.<Map.Entry<String, List<StreamEntry>>>of() : read) {
                    for (StreamEntry entry : stream.getValue()) {
                        if (billed.incrementAndGet() % 10 != 0) {
                            acked.addAndGet(jedis.xack("orders", "billing", entry.getID()));
                        }
                    }
                }
            }
        }
    }

    /** A plain reader of every payment, from the start. */
    private static void audit(JedisPool pool, int payments, AtomicLong audited) {
        try (Jedis jedis = pool.getResource()) {
            StreamEntryID last = new StreamEntryID(0, 0);
            while (audited.get() < payments) {
                List<Map.Entry<String, List<StreamEntry>>> read = jedis.xread(XReadParams.xReadParams().count(100).block(100),
                        Map.of("payments", last));
                for (Map.Entry<String, List<StreamEntry>> stream : read == null ? List.<Map.Entry<String, List<StreamEntry>>>of() : read) {
                    for (StreamEntry entry : stream.getValue()) {
                        audited.incrementAndGet();
                        last = entry.getID();
                    }
                }
            }
        }
    }
}
