package demo.conflict;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A cache of prices whose lookups return {@link Optional}. */
public final class PriceCache {

    private final ConcurrentHashMap<String, Long> prices = new ConcurrentHashMap<>();

    public Optional<Long> find(String sku) {
        return Optional.ofNullable(prices.get(sku));
    }

    public void store(String sku, long cents) {
        prices.put(sku, cents);
    }
}
