package io.bytemeter.agent.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Series keyed by a label value that comes from the app (a destination, an exception type), capped
 * so that an app with thousands of topics cannot blow up the scrape. Past the cap, values share one
 * series labelled {@value #OVERFLOW} and each such recording counts in
 * {@code bytemeter_series_dropped_total}. A lookup of a known value is a lock-free map read.
 */
final class BoundedSeries<T> {

    static final String OVERFLOW = "_overflow";

    private final Map<String, T> byValue = new ConcurrentHashMap<>();
    private final Function<String, T> factory;
    private final int max;
    private final LongAdder dropped;
    private volatile T overflow;

    BoundedSeries(int max, LongAdder dropped, Function<String, T> factory) {
        this.max = max;
        this.dropped = dropped;
        this.factory = factory;
    }

    T get(String value) {
        T series = byValue.get(value);
        if (series != null) {
            return series;
        }
        if (byValue.size() >= max) {
            dropped.increment();
            return overflow();
        }
        return byValue.computeIfAbsent(value, factory);
    }

    private T overflow() {
        T series = overflow;
        if (series == null) {
            synchronized (this) {
                series = overflow;
                if (series == null) {
                    series = factory.apply(OVERFLOW);
                    overflow = series;
                }
            }
        }
        return series;
    }

    void forEach(BiConsumer<String, T> action) {
        byValue.forEach(action);
        T series = overflow;
        if (series != null) {
            action.accept(OVERFLOW, series);
        }
    }
}
