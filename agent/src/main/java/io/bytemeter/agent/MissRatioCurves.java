package io.bytemeter.agent;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.util.Collection;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The caches' miss-ratio curves ({@code bytemeter.cache.sizing}) among what a scrape reads, for the live page and the exit summary. */
final class MissRatioCurves {

    private static final AttributeKey<String> CACHE = AttributeKey.stringKey("cache");
    private static final AttributeKey<String> SIZE = AttributeKey.stringKey("size");

    private MissRatioCurves() {}

    /** By cache, in name order: the LRU miss ratio by size. Empty when no cache is sized. */
    static Map<String, NavigableMap<Long, Double>> of(Collection<MetricData> data) {
        Map<String, NavigableMap<Long, Double>> curves = new TreeMap<>();
        for (MetricData metric : data) {
            if (metric.getName().equals("cache.lru.miss_ratio")) {
                for (DoublePointData point : metric.getDoubleGaugeData().getPoints()) {
                    curves.computeIfAbsent(point.getAttributes().get(CACHE), c -> new TreeMap<>())
                            .put(Long.parseLong(point.getAttributes().get(SIZE)), point.getValue());
                }
            }
        }
        return curves;
    }
}
