package io.bytemeter.agent;

import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;

/**
 * A cache's miss-ratio curve as an inline SVG for the live page: sizes on a log scale, miss ratio
 * from 0 to 1, the curve's points labelled with their sizes, and the cache itself as a dot. No
 * script and nothing fetched, as the rest of the page.
 */
final class CurveChart {

    private static final int WIDTH = 420;
    private static final int HEIGHT = 180;
    private static final int LEFT = 40;
    private static final int RIGHT = 20;
    private static final int TOP = 10;
    private static final int BOTTOM = 30;

    private CurveChart() {}

    /**
     * @param curve miss ratio by size, at least one point
     * @param entries the cache's entries now, or 0 when unknown: no dot
     * @param ownMissRatio the cache's own miss ratio since start, or NaN: no dot
     */
    static String svg(NavigableMap<Long, Double> curve, long entries, double ownMissRatio) {
        boolean dot = entries > 0 && !Double.isNaN(ownMissRatio);
        double low = Math.log(dot ? Math.min(curve.firstKey(), entries) : curve.firstKey());
        double high = Math.log(dot ? Math.max(curve.lastKey(), entries) : curve.lastKey());
        double span = high > low ? high - low : 1;
        StringBuilder svg = new StringBuilder(1024);
        svg.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" role=\"img\">", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
                LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
                LEFT, TOP, LEFT, HEIGHT - BOTTOM));
        svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"11\">1.0</text>", TOP + 4));
        svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"11\">0</text>", HEIGHT - BOTTOM));
        StringBuilder line = new StringBuilder();
        for (Map.Entry<Long, Double> point : curve.entrySet()) {
            double x = x(Math.log(point.getKey()), low, span);
            double y = y(point.getValue());
            line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#36c\"><title>%d entries: LRU miss %.3f</title></circle>",
                    x, y, point.getKey(), point.getValue()));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d</text>",
                    x, HEIGHT - BOTTOM + 15, point.getKey()));
        }
        svg.append("<polyline fill=\"none\" stroke=\"#36c\" stroke-width=\"2\" points=\"").append(line.toString().trim()).append("\"/>");
        if (dot) {
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#b00\"><title>the cache: %d entries,"
                    + " miss %.3f</title></circle>", x(Math.log(entries), low, span), y(ownMissRatio), entries, ownMissRatio));
        }
        return svg.append("</svg>").toString();
    }

    private static double x(double logSize, double low, double span) {
        return LEFT + (WIDTH - LEFT - RIGHT) * (logSize - low) / span;
    }

    private static double y(double ratio) {
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - Math.max(0, Math.min(1, ratio)));
    }
}
