package io.bytemeter.agent.metrics;

/** Something that writes its current values at each scrape. */
interface MetricSource {

    void collect(MetricWriter out);
}
