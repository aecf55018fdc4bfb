package io.bytemeter.agent.metrics;

import io.bytemeter.instrumentation.Site;
import io.bytemeter.instrumentation.Sites;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * From a site id to the series it feeds. Several sites feed one series (a cache's get, put and
 * delete methods feed the cache's series), so series are keyed by what they are named for; the
 * site-indexed array makes the per-call lookup one array read once a site has been seen.
 */
final class SiteSeries<T> {

    private final Sites sites;
    private final Function<Site, String> keyOf;
    private final Function<Site, T> factory;
    private final Map<String, T> byKey = new ConcurrentHashMap<>();
    private volatile Object[] bySite = new Object[16];

    SiteSeries(Sites sites, Function<Site, String> keyOf, Function<Site, T> factory) {
        this.sites = sites;
        this.keyOf = keyOf;
        this.factory = factory;
    }

    @SuppressWarnings("unchecked")
    T get(int site) {
        Object[] table = bySite;
        if (site < table.length) {
            Object series = table[site];
            if (series != null) {
                return (T) series;
            }
        }
        return firstUse(site);
    }

    private synchronized T firstUse(int id) {
        Site site = sites.get(id);
        T series = byKey.computeIfAbsent(keyOf.apply(site), key -> factory.apply(site));
        Object[] table = bySite;
        if (id >= table.length) {
            table = Arrays.copyOf(table, Math.max(id + 1, table.length * 2));
        } else {
            table = table.clone();
        }
        table[id] = series;
        bySite = table;
        return series;
    }

    Collection<T> all() {
        return byKey.values();
    }
}
