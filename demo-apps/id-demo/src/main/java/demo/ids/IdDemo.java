package demo.ids;

import cn.hutool.core.lang.Snowflake;
import cn.hutool.core.util.IdUtil;
import com.baomidou.mybatisplus.core.incrementer.DefaultIdentifierGenerator;
import com.baomidou.mybatisplus.core.toolkit.IdWorker;
import com.baomidou.mybatisplus.core.toolkit.Sequence;
import com.baomidou.mybatisplus.core.toolkit.SystemClock;
import com.github.f4b6a3.tsid.TsidCreator;
import com.github.f4b6a3.ulid.Ulid;
import com.github.f4b6a3.ulid.UlidCreator;
import com.github.f4b6a3.ulid.UlidFactory;
import com.github.yitter.contract.IdGeneratorOptions;
import com.github.yitter.core.SnowWorkerM1;
import com.github.yitter.idgen.DefaultIdGenerator;
import com.github.yitter.idgen.YitIdHelper;
import com.github.f4b6a3.uuid.UuidCreator;
import com.github.f4b6a3.uuid.factory.function.impl.DefaultTimeFunction;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ID generators Java apps use, with no setting: {@code UUID.randomUUID} and
 * {@code nameUUIDFromBytes}, a Hutool {@code Snowflake} the app builds ({@code OrderService}),
 * Hutool's shared one ({@code IdUtil.getSnowflakeNextId}), MyBatis-Plus's {@code IdWorker.getId}
 * tsid-creator's {@code TsidCreator.getTsid1024}, ulid-creator's {@code getUlid} and
 * {@code getMonotonicUlid} (and a monotonic factory on a clock the demo moves), Yitter's
 * {@code YitIdHelper.nextId} (worker 3), uuid-creator's {@code getTimeOrdered} and
 * {@code getTimeOrderedEpoch}, with two more uuid-creator factories on clocks the demo controls
 * ({@link ClockedUuids}), and JUG's v1 ({@code SessionService}), v6 and v7 ({@code EventStore}) generators. Several
 * threads make IDs, then one hot loop
 * per generator runs its sequence out, then the clock is stepped back for real, the way an NTP
 * step looks to a generator: its last timestamp is moved ahead of the clock through reflection.
 * Hutool reuses its last timestamp for a small step and refuses a large one; MyBatis-Plus waits
 * out a step of up to 5 ms and refuses a larger one. Prints its own counts, overflows read from the
 * IDs' bits, then stays up unless {@code -Ddemo.exit=true}.
 *
 * <p>Settings: {@code demo.threads} (4), {@code demo.ids} per thread and generator (20000),
 * {@code demo.burst} IDs per generator in the hot loop (400000).
 */
public final class IdDemo {

    public static void main(String[] args) throws Exception {
        int threads = Integer.getInteger("demo.threads", 4);
        int idsPerThread = Integer.getInteger("demo.ids", 20_000);
        int burst = Integer.getInteger("demo.burst", 400_000);
        OrderService orders = new OrderService();
        SessionService sessions = new SessionService();
        EventStore events = new EventStore();
        int perGenerator = threads * idsPerThread + burst;
        IdLog hutool = new IdLog(perGenerator + 2);
        IdLog mybatis = new IdLog(perGenerator + 2);
        IdLog tsid = new IdLog(perGenerator);
        IdLog yitter = new IdLog(perGenerator + 50_001);
        YitIdHelper.setIdGenerator(new IdGeneratorOptions((short) 3));
        IdLog jugV1Times = new IdLog(perGenerator);
        IdLog jugV6Times = new IdLog(perGenerator);
        LongAdder jugV7Ids = new LongAdder();
        LongAdder randomUuids = new LongAdder();
        LongAdder nameUuids = new LongAdder();
        LongAdder sharedSnowflake = new LongAdder();
        LongAdder timeOrdered = new LongAdder();
        LongAdder timeOrderedEpoch = new LongAdder();
        LongAdder ulids = new LongAdder();
        LongAdder monotonicUlids = new LongAdder();

        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                for (int i = 0; i < idsPerThread; i++) {
                    UUID.randomUUID();
                    randomUuids.increment();
                    if (i % 10 == 0) {
                        UUID.nameUUIDFromBytes(("order-" + i).getBytes(StandardCharsets.UTF_8));
                        nameUuids.increment();
                        IdUtil.getSnowflakeNextId();
                        sharedSnowflake.increment();
                    }
                    hutool.add(orders.nextOrderId());
                    mybatis.add(IdWorker.getId());
                    tsid.add(TsidCreator.getTsid1024().toLong());
                    UuidCreator.getTimeOrdered();
                    timeOrdered.increment();
                    UuidCreator.getTimeOrderedEpoch();
                    timeOrderedEpoch.increment();
                    UlidCreator.getUlid();
                    ulids.increment();
                    UlidCreator.getMonotonicUlid();
                    monotonicUlids.increment();
                    yitter.add(YitIdHelper.nextId());
                    jugV1Times.add(sessions.nextSessionId().timestamp());
                    jugV6Times.add(IdBits.v6Timestamp(events.nextEventId()));
                    events.nextSnapshotId();
                    jugV7Ids.increment();
                }
            }, "id-worker-" + t);
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long[] hot = new long[burst];
        for (int i = 0; i < burst; i++) {
            hot[i] = orders.nextOrderId();
        }
        hutool.addAll(hot);
        for (int i = 0; i < burst; i++) {
            hot[i] = IdWorker.getId();
        }
        mybatis.addAll(hot);
        for (int i = 0; i < burst; i++) {
            hot[i] = TsidCreator.getTsid1024().toLong();
        }
        tsid.addAll(hot);
        for (int i = 0; i < burst; i++) {
            hot[i] = YitIdHelper.nextId();
        }
        yitter.addAll(hot);
        for (int i = 0; i < burst; i++) {
            hot[i] = sessions.nextSessionId().timestamp();
        }
        jugV1Times.addAll(hot);
        for (int i = 0; i < burst; i++) {
            hot[i] = IdBits.v6Timestamp(events.nextEventId());
        }
        jugV6Times.addAll(hot);

        long[] epochCarries = runStoppedClockEpochFactory(burst);
        long[] tickingOverflows = runTickingClockTimeOrderedFactory(burst / 2);
        long[] steppedUlids = runSteppedClockMonotonicUlids();

        long hutoolErrors = stepHutoolClock(orders.ids, hutool);
        long mybatisErrors = stepMybatisClock(mybatis);
        long yitterBorrowed = IdBits.yitterBorrowedTicks(yitter.ids());
        long yitterTurnBackIds = stepYitterClock(yitter);

        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("uuid_random", randomUuids.sum());
        counts.put("uuid_name", nameUuids.sum());
        counts.put("hutool", (long) hutool.size());
        counts.put("hutool_overflows", IdBits.overflows(hutool.ids()));
        counts.put("hutool_errors", hutoolErrors);
        counts.put("hutool_duplicates", IdBits.duplicates(hutool.ids()));
        counts.put("hutool_shared", sharedSnowflake.sum());
        counts.put("mybatis", (long) mybatis.size());
        counts.put("mybatis_overflows", IdBits.overflows(mybatis.ids()));
        counts.put("mybatis_errors", mybatisErrors);
        counts.put("tsid", (long) tsid.size());
        counts.put("tsid_overflows", IdBits.tsidCarries(tsid.ids(), 12));
        counts.put("jug_v1", (long) jugV1Times.size());
        counts.put("jug_v1_overflows", IdBits.timerCarries(jugV1Times.ids()));
        counts.put("jug_v6", (long) jugV6Times.size());
        counts.put("jug_v6_overflows", IdBits.timerCarries(jugV6Times.ids()));
        counts.put("jug_v7", jugV7Ids.sum());
        counts.put("uuid_time_ordered", timeOrdered.sum());
        counts.put("uuid_time_ordered_epoch", timeOrderedEpoch.sum());
        counts.put("uuid_v7_stopped", epochCarries[0]);
        counts.put("uuid_v7_stopped_overflows", epochCarries[1]);
        counts.put("uuid_v6_ticking", tickingOverflows[0]);
        counts.put("uuid_v6_ticking_overflows", tickingOverflows[1]);
        counts.put("yitter", (long) yitter.size());
        counts.put("yitter_borrowed_ticks_at_most", yitterBorrowed);
        counts.put("yitter_turn_back_ids", yitterTurnBackIds);
        counts.put("ulid", ulids.sum());
        counts.put("ulid_monotonic", monotonicUlids.sum());
        counts.put("ulid_stepped", steppedUlids[0]);
        counts.put("ulid_stepped_overflows", steppedUlids[1]);
        counts.put("ulid_stepped_clock_steps", steppedUlids[2]);
        StringBuilder line = new StringBuilder("id-demo counts:");
        counts.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        System.out.println(line);
        if (!Boolean.getBoolean("demo.exit")) {
            System.out.println("id-demo: workload done; staying up for scrapes, Ctrl-C to stop");
            Thread.currentThread().join();
        }
    }

    /**
     * A monotonic ULID factory whose random part starts all ones, on a clock the demo sets: the
     * second ID in the first millisecond carries out of the random bits into the time (the ID is a
     * millisecond ahead of the clock), then the clock steps 5 ms back and the factory increments
     * through it, then moves on. Read from the IDs' own time against the clock each was asked on.
     * Returns {ULIDs, carries, IDs made on a clock 2 ms or more behind the last ID}.
     */
    private static long[] runSteppedClockMonotonicUlids() {
        long start = System.currentTimeMillis();
        long[] clock = {start};
        UlidFactory factory = UlidFactory.newMonotonicInstance(() -> -1L, () -> clock[0]);
        long[] offsets = {0, 0, 0, -5, -5, 100, 100, 101};
        long ids = 0;
        long carries = 0;
        long steps = 0;
        long lastTime = -1;
        for (long offset : offsets) {
            clock[0] = start + offset;
            Ulid id = factory.create();
            ids++;
            if (lastTime >= 0 && clock[0] <= lastTime && clock[0] > lastTime - 10_000) {
                if (id.getTime() == lastTime + 1) {
                    carries++;
                } else if (clock[0] < lastTime - 1) {
                    steps++;
                }
            }
            lastTime = id.getTime();
        }
        return new long[] {ids, carries, steps};
    }

    /** A v7 factory on a stopped clock: each carry adds one to the UUIDs' time and rand_a. Returns {UUIDs, carries}. */
    private static long[] runStoppedClockEpochFactory(int count) throws Exception {
        ClockedUuids events = ClockedUuids.timeOrderedEpoch(System.currentTimeMillis());
        long first = ClockedUuids.timeAndRandA(events.next());
        long last = first;
        for (int i = 1; i < count; i++) {
            last = ClockedUuids.timeAndRandA(events.next());
        }
        return new long[] {count, last - first};
    }

    /**
     * A v6 factory whose clock ticks once per 20,000 reads while its counter allows 10,000 a
     * millisecond: its time function's own last time moves only when the counter runs out.
     * Returns {UUIDs, overflows}.
     */
    private static long[] runTickingClockTimeOrderedFactory(int count) throws Exception {
        DefaultTimeFunction clock = ClockedUuids.tickingTimeFunction(System.currentTimeMillis(), 20_000);
        ClockedUuids audit = ClockedUuids.timeOrdered(clock);
        audit.next();
        long start = ClockedUuids.lastTime(clock);
        for (int i = 1; i < count; i++) {
            audit.next();
        }
        return new long[] {count, ClockedUuids.lastTime(clock) - start};
    }

    /**
     * Hutool tolerates a clock up to {@code timeOffset} (2 s) behind its last timestamp by reusing
     * that timestamp, and throws past it. One call of each; returns the errors the app saw.
     */
    private static long stepHutoolClock(Snowflake snowflake, IdLog log) throws Exception {
        Field last = field(Snowflake.class, "lastTimestamp");
        last.setLong(snowflake, System.currentTimeMillis() + 50);
        log.add(snowflake.nextId());
        Thread.sleep(60);
        long before = last.getLong(snowflake);
        last.setLong(snowflake, System.currentTimeMillis() + 5_000);
        long errors = 0;
        try {
            snowflake.nextId();
        } catch (IllegalStateException e) {
            errors++;
        }
        last.setLong(snowflake, before);
        return errors;
    }

    /**
     * Yitter's worker rides out a clock behind its last tick by handing out IDs from reserved
     * sequence numbers of earlier ticks (a turn-back) until the clock passes it: its last tick is
     * moved 30 ms ahead (once the clock has passed the ticks its drift borrowed), and 50,000 IDs are
     * made (each turn-back ID takes a tick of its own, each below the one before). One turn-back.
     * Returns the IDs made in it.
     */
    private static long stepYitterClock(IdLog log) throws Exception {
        Object worker = field(DefaultIdGenerator.class, "_SnowWorker").get(null);
        Field last = field(SnowWorkerM1.class, "_LastTimeTick");
        long baseTime = field(SnowWorkerM1.class, "BaseTime").getLong(worker);
        // the hot loop left it drifting on ticks it borrowed ahead of the clock: let the clock pass them first
        while (System.currentTimeMillis() - baseTime <= last.getLong(worker)) {
            Thread.sleep(10);
        }
        log.add(YitIdHelper.nextId());
        synchronized (field(SnowWorkerM1.class, "_SyncLock").get(null)) {
            last.setLong(worker, last.getLong(worker) + 30);
        }
        int turnBackIds = 50_000;
        for (int i = 0; i < turnBackIds; i++) {
            log.add(YitIdHelper.nextId());
        }
        return turnBackIds;
    }

    /** MyBatis-Plus waits out a clock up to 5 ms behind, and throws past it. One call of each. */
    private static long stepMybatisClock(IdLog log) throws Exception {
        Sequence sequence = (Sequence) field(DefaultIdentifierGenerator.class, "sequence")
                .get(DefaultIdentifierGenerator.getInstance());
        Field last = field(Sequence.class, "lastTimestamp");
        // the largest step MyBatis-Plus waits out (it sleeps twice the step, then reads its SystemClock,
        // which a busy machine updates late: the larger the step, the more lateness it tolerates)
        last.setLong(sequence, SystemClock.now() + 5);
        log.add(IdWorker.getId());
        long before = last.getLong(sequence);
        last.setLong(sequence, SystemClock.now() + 1_000);
        long errors = 0;
        try {
            IdWorker.getId();
        } catch (RuntimeException e) {
            errors++;
        }
        last.setLong(sequence, before);
        return errors;
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    /** The IDs (or timestamps read from them) one generator handed out, from any thread. */
    private static final class IdLog {
        private final long[] ids;
        private int size;

        IdLog(int capacity) {
            ids = new long[capacity];
        }

        synchronized void add(long id) {
            ids[size++] = id;
        }

        synchronized void addAll(long[] more) {
            System.arraycopy(more, 0, ids, size, more.length);
            size += more.length;
        }

        synchronized int size() {
            return size;
        }

        synchronized long[] ids() {
            return java.util.Arrays.copyOf(ids, size);
        }
    }
}
