package demo.id;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** The wall clock, which the demo can set back to play an NTP step. */
final class SkewableClock implements LongSupplier {

    private final AtomicLong offset = new AtomicLong();

    @Override
    public long getAsLong() {
        return System.currentTimeMillis() - offset.get();
    }

    void stepBack(long millis) {
        offset.addAndGet(millis);
    }
}
