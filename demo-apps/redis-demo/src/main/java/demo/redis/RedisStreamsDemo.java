package demo.redis;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * An app that uses Redis streams as queues, through Jedis or Lettuce ({@code -Ddemo.client}): a
 * producer adds orders and payments; a consumer group ({@code billing}) reads the orders and
 * acknowledges all but every tenth, which stay pending; a plain reader reads the payments from the
 * start. It prints its own counts.
 *
 * <p>{@code -Ddemo.redis.port=N} uses the Redis server on that port (else it starts its own),
 * {@code -Ddemo.client} ({@code jedis} or {@code lettuce}), {@code -Ddemo.messages} (orders; half as
 * many payments, 2,000), {@code -Ddemo.exit=true}.
 */
public final class RedisStreamsDemo {

    /** The stream calls the app makes, through one client or the other. */
    interface Streams extends AutoCloseable {
        void add(String stream, Map<String, String> fields);

        /** The billing group's next orders, by ID. */
        List<String> readOrders();

        long ack(String orderId);

        /** Payments after {@code lastId}, by ID. */
        List<String> readPayments(String lastId);

        @Override
        void close();
    }

    public static void main(String[] args) throws Exception {
        RedisServerProcess redis = RedisServerProcess.startOrUse();
        int orders = Integer.getInteger("demo.messages", 2_000);
        boolean lettuce = System.getProperty("demo.client", "jedis").equals("lettuce");
        JedisPool pool = new JedisPool("127.0.0.1", redis.port);
        try (Jedis jedis = pool.getResource()) {
            jedis.del("orders", "payments");
        }
        RedisClient lettuceClient = lettuce ? RedisClient.create("redis://127.0.0.1:" + redis.port) : null;
        // a connection per thread with either client: a blocking read holds its connection
        Supplier<Streams> streams = lettuce ? () -> new LettuceStreams(lettuceClient.connect()) : () -> new JedisStreams(pool.getResource());
        if (lettuce) {
            try (StatefulRedisConnection<String, String> connection = lettuceClient.connect()) {
                connection.sync().xgroupCreate(XReadArgs.StreamOffset.from("orders", "0-0"), "billing",
                        XGroupCreateArgs.Builder.mkstream());
            }
        } else {
            try (Jedis jedis = pool.getResource()) {
                jedis.xgroupCreate("orders", "billing", new StreamEntryID(0, 0), true);
            }
        }
        AtomicLong billed = new AtomicLong();
        AtomicLong acked = new AtomicLong();
        AtomicLong audited = new AtomicLong();
        Thread[] threads = {
            new Thread(() -> produce(streams, orders), "streams-producer"),
            new Thread(() -> bill(streams, orders, billed, acked), "streams-billing"),
            new Thread(() -> audit(streams, orders / 2, audited), "streams-audit")};
        for (Thread thread : threads) {
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.println("redis-streams-demo counts: sent.orders=" + orders + " sent.payments=" + orders / 2 + " received.orders="
                + billed.get() + " received.payments=" + audited.get() + " acked=" + acked.get());
        if (Boolean.getBoolean("demo.exit")) {
            if (lettuce) {
                lettuceClient.shutdown();
            }
            pool.close();
            redis.close();
            return;
        }
        Thread.currentThread().join();
    }

    /** An order per step, a payment every other one. */
    private static void produce(Supplier<Streams> client, int orders) {
        try (Streams streams = client.get()) {
            for (int i = 0; i < orders; i++) {
                streams.add("orders", Map.of("order", "o" + i, "cents", Integer.toString(i * 100)));
                if (i % 2 == 0) {
                    streams.add("payments", Map.of("payment", "p" + i));
                }
            }
        }
    }

    /** The billing group's consumer: every order read, all but every tenth acknowledged. */
    private static void bill(Supplier<Streams> client, int orders, AtomicLong billed, AtomicLong acked) {
        try (Streams streams = client.get()) {
            while (billed.get() < orders) {
                for (String id : streams.readOrders()) {
                    if (billed.incrementAndGet() % 10 != 0) {
                        acked.addAndGet(streams.ack(id));
                    }
                }
            }
        }
    }

    /** A plain reader of every payment, from the start. */
    private static void audit(Supplier<Streams> client, int payments, AtomicLong audited) {
        try (Streams streams = client.get()) {
            String last = "0-0";
            while (audited.get() < payments) {
                for (String id : streams.readPayments(last)) {
                    audited.incrementAndGet();
                    last = id;
                }
            }
        }
    }

    /** Through a Jedis connection of the thread's own. */
    private static final class JedisStreams implements Streams {
        private final Jedis jedis;

        JedisStreams(Jedis jedis) {
            this.jedis = jedis;
        }

        @Override
        public void add(String stream, Map<String, String> fields) {
            jedis.xadd(stream, StreamEntryID.NEW_ENTRY, fields);
        }

        @Override
        public List<String> readOrders() {
            return ids(jedis.xreadGroup("billing", "billing-1", XReadGroupParams.xReadGroupParams().count(50).block(100),
                    Map.of("orders", StreamEntryID.UNRECEIVED_ENTRY)));
        }

        @Override
        public long ack(String orderId) {
            return jedis.xack("orders", "billing", new StreamEntryID(orderId));
        }

        @Override
        public List<String> readPayments(String lastId) {
            return ids(jedis.xread(XReadParams.xReadParams().count(100).block(100), Map.of("payments", new StreamEntryID(lastId))));
        }

        private static List<String> ids(List<Map.Entry<String, List<StreamEntry>>> read) {
            List<String> ids = new ArrayList<>();
            for (Map.Entry<String, List<StreamEntry>> stream : read == null ? List.<Map.Entry<String, List<StreamEntry>>>of() : read) {
                for (StreamEntry entry : stream.getValue()) {
                    ids.add(entry.getID().toString());
                }
            }
            return ids;
        }

        @Override
        public void close() {
            jedis.close();
        }
    }

    /** Through Lettuce's synchronous API on a connection of the thread's own. */
    private static final class LettuceStreams implements Streams {
        private final StatefulRedisConnection<String, String> connection;
        private final RedisCommands<String, String> redis;

        LettuceStreams(StatefulRedisConnection<String, String> connection) {
            this.connection = connection;
            this.redis = connection.sync();
        }

        @Override
        public void add(String stream, Map<String, String> fields) {
            redis.xadd(stream, fields);
        }

        @Override
        public List<String> readOrders() {
            return ids(redis.xreadgroup(Consumer.from("billing", "billing-1"), XReadArgs.Builder.count(50).block(100),
                    XReadArgs.StreamOffset.lastConsumed("orders")));
        }

        @Override
        public long ack(String orderId) {
            return redis.xack("orders", "billing", orderId);
        }

        @Override
        public List<String> readPayments(String lastId) {
            return ids(redis.xread(XReadArgs.Builder.count(100).block(100), XReadArgs.StreamOffset.from("payments", lastId)));
        }

        private static List<String> ids(List<StreamMessage<String, String>> read) {
            List<String> ids = new ArrayList<>();
            for (StreamMessage<String, String> message : read) {
                ids.add(message.getId());
            }
            return ids;
        }

        /** Replies come in order on a connection: once the ping's has, every command before it has completed. */
        @Override
        public void close() {
            redis.ping();
            connection.close();
        }
    }
}
