package demo.conflict;

import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * An app with its own OpenTelemetry SDK and Byte Buddy, older than the agent's, which it uses for
 * real: it counts orders with its own meter provider and reads the count back, and generates a
 * class at run time. It also has a cache for the agent to measure. Prints what its own libraries
 * report and its cache counts, then stays up unless {@code -Ddemo.exit=true}.
 */
public final class ConflictDemo {

    private static String jarOf(Class<?> type) {
        String location = type.getProtectionDomain().getCodeSource().getLocation().getPath();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    public static void main(String[] args) throws Exception {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(reader).build();
        LongCounter orders = meterProvider.get("conflict-demo").counterBuilder("orders").build();
        int orderCount = Integer.getInteger("demo.orders", 500);
        for (int i = 0; i < orderCount; i++) {
            orders.add(1);
        }
        long ownCount = 0;
        for (MetricData metric : reader.collectAllMetrics()) {
            for (LongPointData point : metric.getLongSumData().getPoints()) {
                ownCount += point.getValue();
            }
        }

        Object generated = new ByteBuddy()
                .subclass(Object.class)
                .method(ElementMatchers.named("toString"))
                .intercept(FixedValue.value("made by the app's own Byte Buddy"))
                .make()
                .load(ConflictDemo.class.getClassLoader())
                .getLoaded()
                .getDeclaredConstructor()
                .newInstance();

        PriceCache cache = new PriceCache();
        long hits = 0;
        long misses = 0;
        for (int i = 0; i < 1000; i++) {
            String sku = "sku-" + (i % 100);
            if (cache.find(sku).isPresent()) {
                hits++;
            } else {
                misses++;
                cache.store(sku, i);
            }
        }

        System.out.println("conflict-demo own libraries: opentelemetry-sdk from " + jarOf(SdkMeterProvider.class)
                + ", bytebuddy from " + jarOf(ByteBuddy.class) + ", generated class says \"" + generated + "\"");
        System.out.println("conflict-demo counts: orders=" + ownCount + " hits=" + hits + " misses=" + misses
                + " puts=" + misses);
        if (!Boolean.getBoolean("demo.exit")) {
            System.out.println("conflict-demo: workload done; staying up for scrapes, Ctrl-C to stop");
            Thread.currentThread().join();
        }
        meterProvider.close();
    }
}
