package io.bytemeter.smoke;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /metrics} in the Prometheus text format, parsed into samples. */
public final class Scrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    public record Sample(String name, Map<String, String> labels, double value) {}

    public final String text;
    public final List<Sample> samples = new ArrayList<>();

    /** Parses a scrape read some other way (over TLS, for example). */
    public Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.find()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
    }

    public static Scrape of(int port) throws IOException {
        return new Scrape(get(port, "/metrics", null).body());
    }

    public record Response(int status, String contentType, String body) {}

    public static Response get(int port, String path, String accept) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        if (accept != null) {
            connection.setRequestProperty("Accept", accept);
        }
        int status = connection.getResponseCode();
        InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Response(status, connection.getContentType(), body);
    }

    /** The sum of all samples named {@code name} whose labels include every given pair. */
    public double sum(String name, String... labelPairs) {
        Predicate<Sample> matches = s -> s.name().equals(name);
        for (int i = 0; i < labelPairs.length; i += 2) {
            String key = labelPairs[i];
            String value = labelPairs[i + 1];
            matches = matches.and(s -> value.equals(s.labels().get(key)));
        }
        return samples.stream().filter(matches).mapToDouble(Sample::value).sum();
    }

    /** The sum, as a whole number; fails when no sample matches, so that a missing series is not read as 0. */
    public long count(String name, String... labelPairs) {
        boolean present = samples.stream().anyMatch(s -> s.name().equals(name) && hasLabels(s, labelPairs));
        if (!present) {
            throw new AssertionError("no sample " + name + " with " + String.join(",", labelPairs) + " in:\n" + text);
        }
        return Math.round(sum(name, labelPairs));
    }

    private static boolean hasLabels(Sample s, String... labelPairs) {
        for (int i = 0; i < labelPairs.length; i += 2) {
            if (!labelPairs[i + 1].equals(s.labels().get(labelPairs[i]))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The quantile of a histogram's {@code _bucket} series, interpolated within the bucket as
     * Prometheus' {@code histogram_quantile} does.
     */
    public double quantile(double q, String histogram, String... labelPairs) {
        List<double[]> buckets = new ArrayList<>();
        for (Sample s : samples) {
            if (s.name().equals(histogram + "_bucket") && hasLabels(s, labelPairs)) {
                String le = s.labels().get("le");
                buckets.add(new double[] {le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), s.value()});
            }
        }
        if (buckets.isEmpty()) {
            throw new AssertionError("no buckets of " + histogram + " in:\n" + text);
        }
        buckets.sort((a, b) -> Double.compare(a[0], b[0]));
        double total = buckets.get(buckets.size() - 1)[1];
        double rank = q * total;
        double previousBound = 0;
        double previousCount = 0;
        for (double[] bucket : buckets) {
            if (bucket[1] >= rank) {
                if (Double.isInfinite(bucket[0])) {
                    return previousBound;
                }
                double inBucket = bucket[1] - previousCount;
                return previousBound + (bucket[0] - previousBound) * (inBucket == 0 ? 0 : (rank - previousCount) / inBucket);
            }
            previousBound = bucket[0];
            previousCount = bucket[1];
        }
        return previousBound;
    }
}
