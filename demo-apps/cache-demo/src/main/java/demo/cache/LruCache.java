package demo.cache;

import java.util.LinkedHashMap;
import java.util.Map;

/** A size-bound in-memory cache that evicts the least recently used entry. */
public final class LruCache<K, V> {

    private final int capacity;
    private long evictions;
    private final LinkedHashMap<K, V> entries;

    public LruCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                boolean evict = size() > LruCache.this.capacity;
                if (evict) {
                    evictions++;
                }
                return evict;
            }
        };
    }

    /** The value for {@code key}, or null when it is not cached. */
    public synchronized V get(K key) {
        return entries.get(key);
    }

    public synchronized void set(K key, V value) {
        entries.put(key, value);
    }

    /** Removes {@code key}; true when it was there. */
    public synchronized boolean delete(K key) {
        return entries.remove(key) != null;
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long evictions() {
        return evictions;
    }
}
