package io.bytemeter.benchmarks;

import java.util.HashMap;
import java.util.Map;

/** A plain custom cache, the kind a user names with {@code bytemeter.cache.get}. */
public final class MapCache {

    private final Map<String, String> entries = new HashMap<>();

    public String get(String key) {
        return entries.get(key);
    }

    public void put(String key, String value) {
        entries.put(key, value);
    }
}
