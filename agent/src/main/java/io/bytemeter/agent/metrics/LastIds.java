package io.bytemeter.agent.metrics;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last ID of each generator instance, to tell whether the next one is greater. Instances are
 * held weakly (an agent never keeps an app's object alive) and found by a scan of a small array:
 * apps have a handful of generators. Past {@value #MAX_INSTANCES} live instances, further ones are
 * not checked.
 */
final class LastIds {

    static final int MAX_INSTANCES = 64;

    private static final class Slot {
        final WeakReference<Object> owner;
        final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

        Slot(Object owner) {
            this.owner = new WeakReference<>(owner);
        }
    }

    private final Slot staticGenerator = new Slot(null);
    private volatile Slot[] slots = new Slot[0];

    /** Records {@code id} as the generator's last; true when it is not greater than the previous one. */
    boolean isNotAfterPrevious(Object generator, long id) {
        Slot slot = generator == null ? staticGenerator : find(generator);
        if (slot == null) {
            return false;
        }
        long previous = slot.last.getAndSet(id);
        return previous != Long.MIN_VALUE && id <= previous;
    }

    private Slot find(Object generator) {
        for (Slot slot : slots) {
            if (slot.owner.get() == generator) {
                return slot;
            }
        }
        return add(generator);
    }

    private synchronized Slot add(Object generator) {
        List<Slot> live = new ArrayList<>();
        for (Slot slot : slots) {
            Object owner = slot.owner.get();
            if (owner == generator) {
                return slot;
            }
            if (owner != null) {
                live.add(slot);
            }
        }
        if (live.size() >= MAX_INSTANCES) {
            return null;
        }
        Slot slot = new Slot(generator);
        live.add(slot);
        slots = live.toArray(new Slot[0]);
        return slot;
    }
}
