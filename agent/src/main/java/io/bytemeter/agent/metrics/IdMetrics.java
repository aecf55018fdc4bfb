package io.bytemeter.agent.metrics;

import io.bytemeter.bootstrap.IdRecorder;
import io.bytemeter.bootstrap.IdSink;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.Site;
import io.bytemeter.instrumentation.Sites;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ID-generation family. A generator instance (a library's, or an instance of a class named in
 * {@code bytemeter.id.generate}) has a series of its own, held weakly and named where it was built;
 * a static generating method has its site's series. Produces:
 *
 * <pre>
 * id_generated_total{datacenter="1",generator="IdService#&lt;init&gt;",worker="3"} 100000.0
 * id_sequence_overflows_total{datacenter="1",generator="IdService#&lt;init&gt;",worker="3"} 12.0
 * id_wait_duration_seconds_bucket{datacenter="1",generator="IdService#&lt;init&gt;",worker="3",le="0.001"} 12
 * id_clock_backward_total{generator="IdService#&lt;init&gt;",outcome="reused",...} 1.0
 * id_generation_errors_total{error_type="java.lang.IllegalStateException",generator="IdService#&lt;init&gt;",...} 1.0
 * id_non_monotonic_total{generator="UUID.randomUUID"} 0.0
 * id_generation_duration_seconds_bucket{generator="UUID.randomUUID",le="1.0E-6"} 99000
 * id_block_fetches_total{generator="Order"} 21.0
 * </pre>
 *
 * A call that read a clock behind the generator's last timestamp counts once in
 * {@code id_clock_backward_total}, by how the call ended; a call that threw an exception whose
 * type or message says the clock moved backwards (see {@link #saysClockMovedBack}) counts as
 * {@code failed} even when the library's clock read was not seen.
 *
 * <p>A Hibernate generator is named by its entity and shows, in place of overflows and clock
 * steps, the blocks of IDs it fetched from the database ({@code id_block_fetches_total}) and their
 * round trips ({@code id_wait_duration_seconds}); an identity column's IDs are counted, not timed.
 * Generators with one name (one entity in two session factories) share one series.
 *
 * <p>Longer than a class should be (about 440 lines) because each of the sink's fifteen calls is
 * a few lines of find-the-series and record, beside the naming at first record that IDs share with
 * caches; the next family of generators should move the series lookup into a class of its own.
 */
public final class IdMetrics implements IdSink, MetricSource {

    private static final AttributeKey<String> GENERATOR = AttributeKey.stringKey("generator");
    private static final AttributeKey<String> WORKER = AttributeKey.stringKey("worker");
    private static final AttributeKey<String> DATACENTER = AttributeKey.stringKey("datacenter");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
    private static final String[] OUTCOMES = {IdRecorder.WAITED, IdRecorder.REUSED, "failed"};
    private static final int FAILED = 2;
    /** How many generator instances are found by a scan rather than a hash (see {@link InstanceSeries}). */
    private static final int SCANNED = 8;

    /** What a generator's series shows besides its IDs. */
    private enum Kind {
        /** No clock or sequence (a JDK UUID): no overflows, waits or clock steps. */
        PLAIN,
        /** A clock and a sequence (a Snowflake): overflows, waits for the next tick, clock steps. */
        CLOCKED,
        /** Blocks of IDs fetched from a database (a Hibernate sequence): fetches and their round trips. */
        BLOCKS,
        /** IDs the database made on insert (an identity column): counted, with no duration of ours. */
        DATABASE
    }

    private static final class Series {
        final Attributes attributes;
        final Kind kind;
        final LongAdder nonMonotonic = new LongAdder();
        final LongAdder overflows = new LongAdder();
        final LongAdder blockFetches = new LongAdder();
        final LongAdder[] clockBackward = {new LongAdder(), new LongAdder(), new LongAdder()};
        final BoundedSeries<LongAdder> errors;
        /** Every ID generated, counted in its {@link LatencyHistogram#calls()}, and the durations of those timed. */
        final LatencyHistogram duration = new LatencyHistogram(Buckets.ID);
        final LatencyHistogram waits = new LatencyHistogram(Buckets.ID);
        final AtomicLong lastId = new AtomicLong(Long.MIN_VALUE);
        /** The recovery outcome of a clock read behind the last timestamp in the current call, or null. */
        volatile String clockBehind;

        Series(Attributes attributes, Kind kind, int maxSeries, LongAdder dropped) {
            this.attributes = attributes;
            this.kind = kind;
            this.errors = new BoundedSeries<>(maxSeries, dropped, type -> new LongAdder());
        }
    }

    private final Sites sites;
    private final SiteSeries<Series> siteSeries;
    private final InstanceSeries<Series> instanceSeries = new InstanceSeries<>(SCANNED);
    private final InstanceSeries<long[]> workerIds = new InstanceSeries<>();
    private final InstanceSeries<Object> aliases = new InstanceSeries<>();
    private final InstanceSeries<Kind> kinds = new InstanceSeries<>();
    /** Series of generators a library names (Hibernate's, by entity), shared by every instance of one name. */
    private final Map<String, Series> named = new ConcurrentHashMap<>();
    private final InstanceNames names;
    private final AgentMetrics agent;
    private final int maxSeries;
    private final LongAdder dropped;
    private final Series overflow;

    /**
     * @param configuredNames {@code bytemeter.id.names}: a class, or a derived or entry-point name, to the name to show
     * @param maxSeries the most generator instances with series of their own, and error types per generator
     */
    public IdMetrics(Sites sites, AgentMetrics agent, Map<String, String> configuredNames, int maxSeries) {
        this.sites = sites;
        this.agent = agent;
        this.maxSeries = maxSeries;
        this.names = new InstanceNames(configuredNames);
        this.dropped = agent.droppedCounter("id.generated");
        this.siteSeries = new SiteSeries<>(sites, Site::name,
                site -> new Series(Attributes.of(GENERATOR, site.name()), Kind.CLOCKED, maxSeries, dropped));
        this.overflow = new Series(Attributes.of(GENERATOR, BoundedSeries.OVERFLOW), Kind.CLOCKED, maxSeries, dropped);
    }

    @Override
    public void register(Object generator, String library, String sharedBy, long worker, long datacenter) {
        try {
            names.remember(generator, library, sharedBy, null);
            if (worker >= 0 || datacenter >= 0) {
                workerIds.register(generator, new long[] {worker, datacenter});
            }
        } catch (Throwable t) {
            agent.recorderError("id.register", t);
        }
    }

    private Series series(int site, Object generator) {
        if (generator == null) {
            return siteSeries.get(site);
        }
        Series s = instanceSeries.get(generator);
        return s != null ? s : firstRecord(generator, site);
    }

    private Series series(Object generator) {
        Series s = instanceSeries.get(generator);
        if (s != null) {
            return s;
        }
        Object owner = aliases.get(generator);
        return owner != null ? series(owner) : firstRecord(generator, -1);
    }

    @Override
    public void alias(Object part, Object generator) {
        try {
            aliases.register(part, generator);
        } catch (Throwable t) {
            agent.recorderError("id.register", t);
        }
    }

    private Series firstRecord(Object generator, int site) {
        return instanceSeries.registerCapped(generator, () -> newSeries(generator, site), overflow, maxSeries, dropped);
    }

    private Series newSeries(Object generator, int site) {
        String libraryName = names.libraryName(generator);
        if (libraryName != null) {
            Kind kind = kinds.get(generator);
            return named.computeIfAbsent(libraryName, n -> new Series(Attributes.of(GENERATOR, n),
                    kind != null ? kind : Kind.PLAIN, maxSeries, dropped));
        }
        String name = names.nameFor(generator, () -> site >= 0 ? sites.get(site).name()
                : generator instanceof String ? entryPointName((String) generator) : generator.getClass().getSimpleName());
        AttributesBuilder attributes = Attributes.builder().put(GENERATOR, name);
        long[] ids = workerIds.get(generator);
        if (ids != null) {
            if (ids[0] >= 0) {
                attributes.put(WORKER, Long.toString(ids[0]));
            }
            if (ids[1] >= 0) {
                attributes.put(DATACENTER, Long.toString(ids[1]));
            }
        }
        return new Series(attributes.build(), generator instanceof String ? Kind.PLAIN : Kind.CLOCKED, maxSeries, dropped);
    }

    /** The series of a generator a library names by the entity it makes IDs for, taking the entity's class name if it has none. */
    private Series entitySeries(Object generator, Object entity, Kind kind) {
        Series s = instanceSeries.get(generator);
        if (s != null) {
            return s;
        }
        if (names.libraryName(generator) == null) {
            kinds.register(generator, kind);
            names.remember(generator, null, null, entity.getClass().getSimpleName());
        }
        return firstRecord(generator, -1);
    }

    /** {@code UUID.randomUUID} for the constant {@code java.util.UUID.randomUUID} a static entry point's advice passes. */
    static String entryPointName(String method) {
        int methodDot = method.lastIndexOf('.');
        return method.substring(method.lastIndexOf('.', methodDot - 1) + 1);
    }

    @Override
    public void generated(int site, Object generator, long id, long nanos) {
        try {
            recordNumeric(series(site, generator), id, nanos);
        } catch (Throwable t) {
            agent.recorderError("id.generate", t);
        }
    }

    @Override
    public void generatedOpaque(int site, Object generator, long nanos) {
        try {
            recordOpaque(series(site, generator), nanos);
        } catch (Throwable t) {
            agent.recorderError("id.generate", t);
        }
    }

    @Override
    public void failed(int site, Object generator, Throwable error, long nanos) {
        try {
            recordFailure(series(site, generator), error);
        } catch (Throwable t) {
            agent.recorderError("id.generate", t);
        }
    }

    @Override
    public void waited(int site, Object generator, long nanos) {
        try {
            recordOverflow(series(site, generator), nanos);
        } catch (Throwable t) {
            agent.recorderError("id.wait", t);
        }
    }

    @Override
    public void generated(Object generator, long id, long nanos) {
        try {
            recordNumeric(series(generator), id, nanos);
        } catch (Throwable t) {
            agent.recorderError("id.generate", t);
        }
    }

    @Override
    public void generatedOpaque(Object generator, long nanos) {
        try {
            recordOpaque(series(generator), nanos);
        } catch (Throwable t) {
            agent.recorderError("id.generate", t);
        }
    }

    @Override
    public void failed(Object generator, Throwable error, long nanos) {
        try {
            recordFailure(series(generator), error);
        } catch (Throwable t) {
            agent.recorderError("id.generate", t);
        }
    }

    @Override
    public void overflow(Object generator, long waitNanos) {
        try {
            recordOverflow(series(generator), waitNanos);
        } catch (Throwable t) {
            agent.recorderError("id.overflow", t);
        }
    }

    @Override
    public void clockBehind(Object generator, String recovery) {
        try {
            series(generator).clockBehind = recovery;
        } catch (Throwable t) {
            agent.recorderError("id.clock", t);
        }
    }

    @Override
    public void registerBlocks(Object generator, String name) {
        try {
            kinds.register(generator, Kind.BLOCKS);
            names.remember(generator, null, null, name);
        } catch (Throwable t) {
            agent.recorderError("id.register", t);
        }
    }

    @Override
    public void blockFetched(Object generator, long nanos) {
        try {
            Series s = series(generator);
            s.blockFetches.increment();
            s.waits.record(nanos);
        } catch (Throwable t) {
            agent.recorderError("id.fetch", t);
        }
    }

    @Override
    public void generatedFor(Object generator, Object entity, long nanos) {
        try {
            recordOpaque(entitySeries(generator, entity, Kind.PLAIN), nanos);
        } catch (Throwable t) {
            agent.recorderError("id.generate", t);
        }
    }

    @Override
    public void generatedByDatabase(Object part, Object entity) {
        try {
            Object generator = aliases.get(part);
            if (generator != null) {
                entitySeries(generator, entity, Kind.DATABASE).duration.countCall(Timing.NO_DURATION, true);
            }
        } catch (Throwable t) {
            agent.recorderError("id.generate", t);
        }
    }

    /**
     * The order check reads the last ID and writes the new one without an atomic exchange: exact for
     * generators that make IDs under a lock (every library Snowflake), where the advice runs inside
     * that lock; for one without, concurrent calls make the check approximate, as the IDs' order
     * between those calls is.
     */
    private static void recordNumeric(Series s, long id, long nanos) {
        recordOpaque(s, nanos);
        long previous = s.lastId.get();
        s.lastId.lazySet(id);
        if (previous != Long.MIN_VALUE && id <= previous) {
            s.nonMonotonic.increment();
        }
    }

    private static void recordOpaque(Series s, long nanos) {
        s.duration.countCall(nanos, Timing.timesEveryIdCall());
        String recovery = s.clockBehind;
        if (recovery != null) {
            s.clockBehind = null;
            s.clockBackward[recovery.equals(IdRecorder.WAITED) ? 0 : 1].increment();
        }
    }

    private static void recordFailure(Series s, Throwable error) {
        s.errors.get(error.getClass().getName()).increment();
        if (s.clockBehind != null || saysClockMovedBack(error)) {
            s.clockBehind = null;
            s.clockBackward[FAILED].increment();
        }
    }

    /** @param waitNanos the wait for the next tick, or negative when the generator carried into its time */
    private static void recordOverflow(Series s, long waitNanos) {
        s.overflows.increment();
        if (waitNanos >= 0) {
            s.waits.record(waitNanos);
        }
    }

    /**
     * Whether a generator's exception reports a clock that moved backwards: its type's simple name
     * or its message, or a cause's, contains both "clock" and "backward" in any case
     * ({@code ClockMovedBackwardsException}, "Clock moved backwards. Refusing to generate id").
     */
    static boolean saysClockMovedBack(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < 4; depth++, t = t.getCause()) {
            if (mentionsBackwardClock(t.getClass().getSimpleName()) || mentionsBackwardClock(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsBackwardClock(String text) {
        if (text == null) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.contains("clock") && lower.contains("backward");
    }

    @Override
    public void collect(MetricWriter out) {
        for (Series s : siteSeries.all()) {
            write(out, s);
        }
        Set<Series> written = Collections.newSetFromMap(new IdentityHashMap<>());
        instanceSeries.forEach((instance, s) -> {
            if (written.add(s)) {
                write(out, s);
            }
        });
    }

    private static void write(MetricWriter out, Series s) {
        Attributes generator = s.attributes;
        out.counter("id.generated", "IDs generated", "", generator, s.duration.calls());
        s.errors.forEach((type, count) -> out.counter("id.generation.errors", "Generation calls that threw, by exception type", "",
                generator.toBuilder().put(ERROR_TYPE, type).build(), count.sum()));
        if (s.kind == Kind.DATABASE) {
            return;
        }
        out.histogram("id.generation.duration", "Duration of successful ID generations", generator, s.duration);
        if (s.kind == Kind.BLOCKS) {
            out.counter("id.block_fetches", "Blocks of IDs fetched from the database (a sequence's next value, a table's row)", "",
                    generator, s.blockFetches.sum());
            out.histogram("id.wait.duration", "Each wait for the next tick when the sequence ran out, or for a block of IDs from the database",
                    generator, s.waits);
            return;
        }
        out.counter("id.non_monotonic", "Numeric IDs not greater than the previous one from the same generator", "",
                generator, s.nonMonotonic.sum());
        if (s.kind != Kind.CLOCKED) {
            return;
        }
        out.counter("id.sequence.overflows", "Times the sequence ran out within one tick (the generator waited, or carried into its time)",
                "", generator, s.overflows.sum());
        for (int i = 0; i < OUTCOMES.length; i++) {
            out.counter("id.clock_backward", "Calls that found the clock behind the generator's last timestamp, by outcome", "",
                    generator.toBuilder().put(OUTCOME, OUTCOMES[i]).build(), s.clockBackward[i].sum());
        }
        out.histogram("id.wait.duration", "Each wait for the next tick when the sequence ran out, or for a block of IDs from the database",
                generator, s.waits);
    }
}
