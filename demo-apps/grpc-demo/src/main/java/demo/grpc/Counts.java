package demo.grpc;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The demo's own counts, by key, printed as {@code key=value} pairs. */
final class Counts {

    private final Map<String, LongAdder> byKey = new ConcurrentHashMap<>();

    void add(String key) {
        add(key, 1);
    }

    void add(String key, long amount) {
        byKey.computeIfAbsent(key, k -> new LongAdder()).add(amount);
    }

    String line() {
        StringBuilder line = new StringBuilder();
        new TreeMap<>(byKey).forEach((key, count) -> line.append(' ').append(key).append('=').append(count.sum()));
        return line.toString();
    }
}
