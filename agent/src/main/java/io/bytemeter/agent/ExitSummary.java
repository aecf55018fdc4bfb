package io.bytemeter.agent;

import io.bytemeter.agent.metrics.BytemeterMetrics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the agent measured, written when the JVM exits ({@code bytemeter.summary=stderr} or a file
 * path), so that a batch job or a test run gets its numbers without a scrape: one table per family
 * (cache, id, messaging, rpc, method, the agent's own), a row per series with its total, and for
 * durations their count, p50 and p99 (from the histogram's buckets, as Prometheus's
 * {@code histogram_quantile} estimates them), and a line per sized cache with its miss-ratio curve.
 * Series that counted nothing are left out.
 */
final class ExitSummary {

    private static final AttributeKey<String> CACHE = AttributeKey.stringKey("cache");
    private static final AttributeKey<String> RESULT = AttributeKey.stringKey("result");

    private final BytemeterMetrics metrics;
    private final long startNanos = System.nanoTime();

    private ExitSummary(BytemeterMetrics metrics) {
        this.metrics = metrics;
    }

    /** What is wrong with {@code target} ({@code stderr} or a file in a folder that exists), or null. */
    static String problemWith(String target) {
        if (target.equals("stderr")) {
            return null;
        }
        Path parent = Paths.get(target).toAbsolutePath().getParent();
        return parent != null && Files.isDirectory(parent) ? null : "the folder of " + target + " does not exist";
    }

    /** Writes the summary to {@code target} ({@code stderr} or a file path) when the JVM exits. */
    static void atExit(String target, BytemeterMetrics metrics) {
        ExitSummary summary = new ExitSummary(metrics);
        Path file = target.equals("stderr") ? null : Paths.get(target).toAbsolutePath();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> summary.write(file), "bytemeter-summary"));
    }

    private void write(Path file) {
        String text = render();
        try {
            if (file == null) {
                PrintStream err = System.err;
                err.print(text);
                err.flush();
            } else {
                Files.writeString(file, text, StandardCharsets.UTF_8);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("[bytemeter] WARN the exit summary could not be written to " + file + ": " + e);
        }
    }

    String render() {
        Map<String, List<String[]>> families = new TreeMap<>();
        List<MetricData> data = new ArrayList<>(metrics.produce(Resource.empty()));
        data.sort(Comparator.comparing(MetricData::getName));
        for (MetricData metric : data) {
            List<String[]> rows = families.computeIfAbsent(family(metric.getName()), f -> new ArrayList<>());
            if (metric.getType() == MetricDataType.HISTOGRAM) {
                for (HistogramPointData point : metric.getHistogramData().getPoints()) {
                    if (point.getCount() > 0) {
                        rows.add(new String[] {metric.getName(), labels(point.getAttributes()), "count " + point.getCount(),
                            "p50 " + duration(quantile(0.5, point)), "p99 " + duration(quantile(0.99, point))});
                    }
                }
            } else {
                for (LongPointData point : longPoints(metric)) {
                    if (point.getValue() != 0) {
                        rows.add(new String[] {metric.getName(), labels(point.getAttributes()), Long.toString(point.getValue()), "", ""});
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "bytemeter summary after %.1f s%n",
                (System.nanoTime() - startNanos) / 1e9));
        families.computeIfAbsent("cache sizing", f -> new ArrayList<>()).addAll(sizingRows(data));
        families.forEach((family, rows) -> {
            if (rows.isEmpty()) {
                return;
            }
            out.append("== ").append(family).append(System.lineSeparator());
            rows.sort(Comparator.comparing((String[] row) -> row[0]).thenComparing(row -> row[1]));
            int[] widths = new int[5];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    line.append(String.format("%-" + (widths[i] + 2) + "s", row[i]));
                }
                out.append(line.toString().stripTrailing()).append(System.lineSeparator());
            }
        });
        return out.toString();
    }

    /**
     * One row per sized cache ({@code bytemeter.cache.sizing}): the miss ratio LRU would have had at
     * each size of its curve, and the cache's own beside it.
     */
    private static List<String[]> sizingRows(List<MetricData> data) {
        Map<String, long[]> gets = new TreeMap<>(); // hits, lookups
        for (MetricData metric : data) {
            if (metric.getName().equals("cache.gets")) {
                for (LongPointData point : metric.getLongSumData().getPoints()) {
                    long[] counts = gets.computeIfAbsent(point.getAttributes().get(CACHE), c -> new long[2]);
                    counts[0] += "hit".equals(point.getAttributes().get(RESULT)) ? point.getValue() : 0;
                    counts[1] += point.getValue();
                }
            }
        }
        List<String[]> rows = new ArrayList<>();
        MissRatioCurves.of(data).forEach((cache, curve) -> {
            String lru = curve.entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%d → %.3f", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", "));
            long[] counts = gets.getOrDefault(cache, new long[2]);
            String today = counts[1] == 0 ? "" : String.format(Locale.ROOT, "today %.3f", 1 - (double) counts[0] / counts[1]);
            rows.add(new String[] {cache + ":", "LRU miss at " + lru + ";", today, "", ""});
        });
        return rows;
    }

    private static String family(String name) {
        return name.substring(0, name.indexOf('.') < 0 ? name.length() : name.indexOf('.'));
    }

    private static Iterable<LongPointData> longPoints(MetricData metric) {
        switch (metric.getType()) {
            case LONG_SUM:
                return new ArrayList<>(metric.getLongSumData().getPoints());
            case LONG_GAUGE:
                return new ArrayList<>(metric.getLongGaugeData().getPoints());
            default:
                return List.of();
        }
    }

    private static String labels(Attributes attributes) {
        return attributes.asMap().entrySet().stream()
                .map(e -> e.getKey().getKey() + "=\"" + e.getValue() + "\"")
                .sorted()
                .collect(Collectors.joining(","));
    }

    /** The q-quantile in seconds, interpolated within its bucket as {@code histogram_quantile} does. */
    static double quantile(double q, HistogramPointData point) {
        List<Double> bounds = point.getBoundaries();
        List<Long> counts = point.getCounts();
        double rank = q * point.getCount();
        long seen = 0;
        for (int i = 0; i < counts.size(); i++) {
            long inBucket = counts.get(i);
            if (seen + inBucket >= rank && inBucket > 0) {
                if (i == bounds.size()) {
                    return bounds.get(bounds.size() - 1); // above the last bound: its lower edge, as Prometheus does
                }
                double lower = i == 0 ? 0 : bounds.get(i - 1);
                return lower + (bounds.get(i) - lower) * (rank - seen) / inBucket;
            }
            seen += inBucket;
        }
        return bounds.isEmpty() ? 0 : bounds.get(bounds.size() - 1);
    }

    static String duration(double seconds) {
        if (seconds < 1e-6) {
            return String.format(Locale.ROOT, "%.0f ns", seconds * 1e9);
        }
        if (seconds < 1e-3) {
            return String.format(Locale.ROOT, "%.1f µs", seconds * 1e6);
        }
        if (seconds < 1) {
            return String.format(Locale.ROOT, "%.1f ms", seconds * 1e3);
        }
        return String.format(Locale.ROOT, "%.2f s", seconds);
    }
}
