package demo.ids;

import com.github.f4b6a3.uuid.factory.function.TimeFunction;
import com.github.f4b6a3.uuid.factory.function.impl.DefaultTimeFunction;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * uuid-creator factories on clocks the app controls, so that how often their counters run out is
 * known from the library itself: a v7 factory on a clock that never moves (every overflow carries
 * into {@code rand_a}, so the 60 bits of time and {@code rand_a} in the UUIDs grow by one per carry),
 * and a v6 factory whose time function reads a clock that ticks once per 20,000 reads (its
 * counter allows 10,000 a millisecond, so the function's own {@code lastTime} moves only when
 * the counter runs out: 6.x carries, 5.x spins until the tick). The factory classes live in
 * {@code factory.standard} in 6.x and {@code factory.rfc4122} in 5.x: they are found by name, so
 * one demo runs on both.
 */
final class ClockedUuids {

    private final Object factory;
    private final Method create;

    private ClockedUuids(Object factory) throws ReflectiveOperationException {
        this.factory = factory;
        this.create = factory.getClass().getMethod("create");
    }

    UUID next() throws ReflectiveOperationException {
        return (UUID) create.invoke(factory);
    }

    /** A v7 factory on a clock stopped at {@code millis}. */
    static ClockedUuids timeOrderedEpoch(long millis) throws ReflectiveOperationException {
        Clock stopped = Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
        return new ClockedUuids(factoryClass("TimeOrderedEpochFactory").getConstructor(Clock.class).newInstance(stopped));
    }

    /** A v6 factory on {@code timeFunction}. */
    static ClockedUuids timeOrdered(TimeFunction timeFunction) throws ReflectiveOperationException {
        Object builder = factoryClass("TimeOrderedFactory").getMethod("builder").invoke(null);
        builder.getClass().getMethod("withTimeFunction", TimeFunction.class).invoke(builder, timeFunction);
        return new ClockedUuids(builder.getClass().getMethod("build").invoke(builder));
    }

    static DefaultTimeFunction tickingTimeFunction(long startMillis, int readsPerTick) {
        return new DefaultTimeFunction(new TickingClock(startMillis, readsPerTick));
    }

    /** The time function's own last time, in milliseconds. */
    static long lastTime(DefaultTimeFunction timeFunction) throws ReflectiveOperationException {
        Field lastTime = DefaultTimeFunction.class.getDeclaredField("lastTime");
        lastTime.setAccessible(true);
        return lastTime.getLong(timeFunction);
    }

    /** The 48 bits of time and 12 of {@code rand_a} of a v7 UUID, as one number. */
    static long timeAndRandA(UUID uuid) {
        long msb = uuid.getMostSignificantBits();
        return (msb >>> 16) << 12 | (msb & 0xfff);
    }

    private static Class<?> factoryClass(String simpleName) throws ClassNotFoundException {
        try {
            return Class.forName("com.github.f4b6a3.uuid.factory.standard." + simpleName);
        } catch (ClassNotFoundException e) {
            return Class.forName("com.github.f4b6a3.uuid.factory.rfc4122." + simpleName);
        }
    }

    /** A clock that moves one millisecond every {@code readsPerTick} reads. */
    private static final class TickingClock extends Clock {
        private final long start;
        private final int readsPerTick;
        private final AtomicLong reads = new AtomicLong();

        TickingClock(long start, int readsPerTick) {
            this.start = start;
            this.readsPerTick = readsPerTick;
        }

        @Override
        public long millis() {
            return start + reads.getAndIncrement() / readsPerTick;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
