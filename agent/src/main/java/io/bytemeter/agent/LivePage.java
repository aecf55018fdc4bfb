package io.bytemeter.agent;

import io.bytemeter.agent.metrics.BytemeterMetrics;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The HTML page at {@code /}: what is measured now, per cache, generator, destination, RPC method
 * and timed method, and the agent's own state. Rates are the agent's own counters between this
 * view and the one before (the page reloads itself every 5 s, with no script and nothing fetched
 * from elsewhere); quantiles come from the histograms since start, estimated as Prometheus's
 * {@code histogram_quantile} does.
 */
final class LivePage {

    private static final int REFRESH_SECONDS = 5;

    private final BytemeterMetrics metrics;
    private Map<String, Long> previous = Map.of();
    private long previousNanos;

    LivePage(BytemeterMetrics metrics) {
        this.metrics = metrics;
    }

    synchronized String render() {
        Collection<MetricData> data = metrics.produce(Resource.empty());
        Map<String, Long> counters = new HashMap<>();
        Map<String, HistogramPointData> histograms = new HashMap<>();
        for (MetricData metric : data) {
            if (metric.getType() == MetricDataType.LONG_SUM || metric.getType() == MetricDataType.LONG_GAUGE) {
                Collection<LongPointData> points = metric.getType() == MetricDataType.LONG_SUM
                        ? metric.getLongSumData().getPoints() : metric.getLongGaugeData().getPoints();
                for (LongPointData point : points) {
                    counters.merge(key(metric.getName(), point.getAttributes()), point.getValue(), Long::sum);
                }
            } else if (metric.getType() == MetricDataType.HISTOGRAM) {
                for (HistogramPointData point : metric.getHistogramData().getPoints()) {
                    histograms.put(key(metric.getName(), point.getAttributes()), point);
                }
            }
        }
        long now = System.nanoTime();
        Rates rates = new Rates(counters, previous, previousNanos == 0 ? 0 : (now - previousNanos) / 1e9);
        previous = counters;
        previousNanos = now;

        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"")
                .append(REFRESH_SECONDS).append("\"><title>bytemeter</title><style>")
                .append("body{font:14px sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin-bottom:1.5em}")
                .append("th,td{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:right}th:first-child,td:first-child{text-align:left}")
                .append("h2{font-size:1.1em;margin-top:1.5em}.low{color:#b00}.note{color:#777}</style></head><body>")
                .append("<h1>bytemeter</h1><p class=\"note\">Rates are per second since the last view")
                .append(rates.seconds > 0 ? String.format(Locale.ROOT, " (%.1f s ago)", rates.seconds) : " (the first view has none yet)")
                .append("; quantiles since start. Reloads every ").append(REFRESH_SECONDS).append(" s.</p>");

        caches(html, rates, histograms);
        missRatioCurves(html, data, rates);
        generators(html, rates, histograms);
        messaging(html, rates, counters, histograms);
        calls(html, rates, histograms, "RPC (server)", "rpc.server.calls", "rpc.server.call.duration", "rpc.method");
        calls(html, rates, histograms, "Timed methods", "method.calls", "method.duration", "method");
        agent(html, counters);
        return html.append("</body></html>\n").toString();
    }

    private static void caches(StringBuilder html, Rates rates, Map<String, HistogramPointData> histograms) {
        Table table = new Table("Caches", "cache", "hit ratio", "gets/s", "puts/s", "deletes/s", "gets", "get p50", "get p99");
        for (String cache : values(rates.counters, "cache.gets", "cache")) {
            long hits = rates.total("cache.gets", "cache", cache, "result", "hit");
            long gets = rates.total("cache.gets", "cache", cache);
            HistogramPointData get = find(histograms, "cache.operation.duration", "cache", cache, "operation", "get");
            String ratio = gets == 0 ? "—" : String.format(Locale.ROOT, "%.1f%%", 100.0 * hits / gets);
            table.row(gets > 0 && hits * 2 < gets ? "low" : null, cache, ratio, rates.rate("cache.gets", "cache", cache),
                    rates.rate("cache.puts", "cache", cache), rates.rate("cache.deletes", "cache", cache), Long.toString(gets),
                    quantile(0.5, get), quantile(0.99, get));
        }
        table.writeTo(html);
    }

    /**
     * Each sized cache's curve ({@code bytemeter.cache.sizing}): the miss ratio LRU would have had
     * at each size since start, on a log scale of sizes, with the cache itself as a dot at its
     * entries now and its own miss ratio since start.
     */
    private static void missRatioCurves(StringBuilder html, Collection<MetricData> data, Rates rates) {
        Map<String, NavigableMap<Long, Double>> curves = MissRatioCurves.of(data);
        if (curves.isEmpty()) {
            return;
        }
        html.append("<h2>Would a bigger cache help?</h2><p class=\"note\">The miss ratio an LRU cache of each size would")
                .append(" have had over the lookups since start (line); the cache itself (dot): its entries now, its own miss")
                .append(" ratio since start.</p>");
        curves.forEach((cache, curve) -> {
            long gets = rates.total("cache.gets", "cache", cache);
            double own = gets == 0 ? Double.NaN : 1 - (double) rates.total("cache.gets", "cache", cache, "result", "hit") / gets;
            html.append("<figure><figcaption>").append(escape(cache)).append("</figcaption>")
                    .append(CurveChart.svg(curve, rates.total("cache.size", "cache", cache), own)).append("</figure>");
        });
    }

    private static void generators(StringBuilder html, Rates rates, Map<String, HistogramPointData> histograms) {
        Table table = new Table("ID generators", "generator", "IDs/s", "IDs", "errors", "overflows", "p99");
        for (String generator : values(rates.counters, "id.generated", "generator")) {
            table.row(null, generator, rates.rate("id.generated", "generator", generator),
                    Long.toString(rates.total("id.generated", "generator", generator)),
                    Long.toString(rates.total("id.generation.errors", "generator", generator)),
                    Long.toString(rates.total("id.sequence.overflows", "generator", generator)),
                    quantile(0.99, find(histograms, "id.generation.duration", "generator", generator)));
        }
        table.writeTo(html);
    }

    private static void messaging(StringBuilder html, Rates rates, Map<String, Long> counters, Map<String, HistogramPointData> histograms) {
        Table table = new Table("Messaging", "destination", "sent/s", "consumed/s", "sent", "consumed", "lag", "record age p99");
        List<String> destinations = values(counters, "messaging.client.sent.messages", "messaging.destination.name");
        for (String d : values(counters, "messaging.client.consumed.messages", "messaging.destination.name")) {
            if (!destinations.contains(d)) {
                destinations.add(d);
            }
        }
        for (String destination : destinations) {
            long lag = rates.total("messaging.consumer.lag", "messaging.destination.name", destination);
            boolean hasLag = counters.keySet().stream().anyMatch(k -> k.startsWith("messaging.consumer.lag{")
                    && k.contains("messaging.destination.name=" + destination + ","));
            table.row(null, destination, rates.rate("messaging.client.sent.messages", "messaging.destination.name", destination),
                    rates.rate("messaging.client.consumed.messages", "messaging.destination.name", destination),
                    Long.toString(rates.total("messaging.client.sent.messages", "messaging.destination.name", destination)),
                    Long.toString(rates.total("messaging.client.consumed.messages", "messaging.destination.name", destination)),
                    hasLag ? Long.toString(lag) : "—",
                    quantile(0.99, find(histograms, "messaging.record.age", "messaging.destination.name", destination)));
        }
        table.writeTo(html);
    }

    /** Calls per second, total and p99 per value of {@code label}: RPC methods, timed methods. */
    private static void calls(StringBuilder html, Rates rates, Map<String, HistogramPointData> histograms, String title,
            String calls, String duration, String label) {
        Table table = new Table(title, "method", "calls/s", "calls", "p99");
        for (String method : values(rates.counters, calls, label)) {
            table.row(null, method, rates.rate(calls, label, method), Long.toString(rates.total(calls, label, method)),
                    quantile(0.99, find(histograms, duration, label, method)));
        }
        table.writeTo(html);
    }

    private static void agent(StringBuilder html, Map<String, Long> counters) {
        Table table = new Table("The agent", "instrumentations applied", "skipped or failed", "recorder errors", "series dropped");
        long applied = 0;
        long other = 0;
        for (Map.Entry<String, Long> e : counters.entrySet()) {
            if (e.getKey().startsWith("bytemeter.instrumentations{")) {
                if (e.getKey().contains("status=applied")) {
                    applied += e.getValue();
                } else {
                    other += e.getValue();
                }
            }
        }
        table.row(null, Long.toString(applied), Long.toString(other), Long.toString(sum(counters, "bytemeter.recorder.errors")),
                Long.toString(sum(counters, "bytemeter.series.dropped")));
        table.writeTo(html);
    }

    /** The counters of one view and the one before, and the seconds between them (0 on the first). */
    private static final class Rates {
        final Map<String, Long> counters;
        final Map<String, Long> before;
        final double seconds;

        Rates(Map<String, Long> counters, Map<String, Long> before, double seconds) {
            this.counters = counters;
            this.before = before;
            this.seconds = seconds;
        }

        long total(String metric, String... labelPairs) {
            return select(counters, metric, labelPairs);
        }

        String rate(String metric, String... labelPairs) {
            if (seconds <= 0) {
                return "—";
            }
            double rate = (select(counters, metric, labelPairs) - select(before, metric, labelPairs)) / seconds;
            return String.format(Locale.ROOT, "%.1f", Math.max(0, rate));
        }
    }

    /** Counters are keyed {@code name{k=v,k=v,}}, labels sorted. */
    private static String key(String name, Attributes attributes) {
        StringBuilder key = new StringBuilder(name).append('{');
        Map<String, String> sorted = new TreeMap<>();
        attributes.forEach((k, v) -> sorted.put(k.getKey(), String.valueOf(v)));
        sorted.forEach((k, v) -> key.append(k).append('=').append(v).append(','));
        return key.append('}').toString();
    }

    private static long select(Map<String, Long> counters, String metric, String... labelPairs) {
        long sum = 0;
        for (Map.Entry<String, Long> e : counters.entrySet()) {
            if (matches(e.getKey(), metric, labelPairs)) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    private static long sum(Map<String, Long> counters, String metric) {
        return select(counters, metric);
    }

    private static boolean matches(String key, String metric, String... labelPairs) {
        if (!key.startsWith(metric + "{")) {
            return false;
        }
        for (int i = 0; i < labelPairs.length; i += 2) {
            if (!key.contains("{" + labelPairs[i] + "=" + labelPairs[i + 1] + ",")
                    && !key.contains("," + labelPairs[i] + "=" + labelPairs[i + 1] + ",")) {
                return false;
            }
        }
        return true;
    }

    /** The values of {@code label} among {@code metric}'s series, in order. */
    private static List<String> values(Map<String, Long> counters, String metric, String label) {
        TreeMap<String, Boolean> values = new TreeMap<>();
        for (String key : counters.keySet()) {
            if (key.startsWith(metric + "{")) {
                String value = label(key, label);
                if (value != null) {
                    values.put(value, true);
                }
            }
        }
        return new ArrayList<>(values.keySet());
    }

    private static String label(String key, String label) {
        int start = key.indexOf("{" + label + "=");
        start = start >= 0 ? start : key.indexOf("," + label + "=");
        if (start < 0) {
            return null;
        }
        start += label.length() + 2;
        return key.substring(start, key.indexOf(',', start));
    }

    private static HistogramPointData find(Map<String, HistogramPointData> histograms, String metric, String... labelPairs) {
        for (Map.Entry<String, HistogramPointData> e : histograms.entrySet()) {
            if (matches(e.getKey(), metric, labelPairs)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String quantile(double q, HistogramPointData point) {
        return point == null || point.getCount() == 0 ? "—" : ExitSummary.duration(ExitSummary.quantile(q, point));
    }

    /** One section: a heading and a table, left out when it has no rows. */
    private static final class Table {
        private final String title;
        private final String[] headings;
        private final List<String> rows = new ArrayList<>();

        Table(String title, String... headings) {
            this.title = title;
            this.headings = headings;
        }

        void row(String cssClass, String... cells) {
            StringBuilder row = new StringBuilder(cssClass == null ? "<tr>" : "<tr class=\"" + cssClass + "\">");
            for (String cell : cells) {
                row.append("<td>").append(escape(cell)).append("</td>");
            }
            rows.add(row.append("</tr>").toString());
        }

        void writeTo(StringBuilder html) {
            if (rows.isEmpty()) {
                return;
            }
            html.append("<h2>").append(escape(title)).append("</h2><table><tr>");
            for (String heading : headings) {
                html.append("<th>").append(escape(heading)).append("</th>");
            }
            html.append("</tr>");
            rows.forEach(html::append);
            html.append("</table>");
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
