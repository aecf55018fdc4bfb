package io.bytemeter.smoke.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.Scrape;
import io.bytemeter.smoke.fixtures.SmallSnowflakeApp;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * UUID, Hutool, MyBatis-Plus, tsid-creator and uuid-creator with nothing but {@code -javaagent}:
 * IDs equal the app's own count, overflows equal what the IDs' own bits (or the library's own
 * state) say, and each provoked clock step is counted once by outcome, under Hutool 5.8 and 5.7,
 * uuid-creator 6 and 5, and every installed JDK; a Hutool the agent does not know is left alone.
 */
public class IdDemoSmokeTest extends AbstractIdSmokeTest {

    private static final Path MATRIX = Paths.get(System.getProperty("matrix.dir"));
    private static final String MAIN = "demo.ids.IdDemo";
    private static final String HUTOOL = "OrderService#<init>";
    private static final String MYBATIS = "IdWorker.getId";
    private static final String TSID = "TsidCreator.getTsid1024";

    /**
     * The demo with its own libraries ("current": Hutool 5.8, uuid-creator 6, JUG 5), or with the
     * older major versions in their place ("older": Hutool 5.7.22, uuid-creator 5.3.7, JUG 4.3.0).
     */
    public static List<Path> classpath(String versions) throws IOException {
        return versions.equals("older")
                ? DemoProcess.libraryDemoClasspath("id-demo", List.of(MATRIX.resolve("hutool-core-5.7.22.jar"),
                        MATRIX.resolve("uuid-creator-5.3.7.jar"), MATRIX.resolve("java-uuid-generator-4.3.0.jar")),
                        "hutool-core-", "uuid-creator-", "java-uuid-generator-")
                : DemoProcess.libraryDemoClasspath("id-demo", List.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"current", "older"})
    void idsOverflowsAndClockStepsEqualTheAppsAndTheIdsOwn(String versions) throws Exception {
        try (DemoProcess demo = DemoProcess.startMain(classpath(versions), MAIN)) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            check(counts, scrape);
            checkUuidCreator(counts, scrape, versions.equals("older"));
            checkJug(counts, scrape);
            checkUlid(counts, scrape);
            checkYitter(counts, scrape);
        }
    }

    @ParameterizedTest
    @MethodSource("io.bytemeter.smoke.agent.JdkMatrixSmokeTest#installedJdks")
    void uuidsAndSnowflakesAreExactUnder(Path java) throws Exception {
        try (DemoProcess demo = DemoProcess.startMain(java, classpath("current"), MAIN, "-Ddemo.ids=5000")) {
            check(demo.counts(), demo.scrape());
        }
    }

    @Test
    void generatorsAreRenamedByTheirDerivedOrEntryPointName() throws Exception {
        try (DemoProcess demo = DemoProcess.startMain(classpath("current"), MAIN, "-Ddemo.ids=1000", "-Ddemo.burst=1000",
                "-Dbytemeter.id.names=OrderService#<init>=orders,IdWorker.getId=entities")) {
            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            assertGenerated(scrape, "orders", counts.get("hutool"));
            assertGenerated(scrape, "entities", counts.get("mybatis"));
            assertFalse(scrape.text.contains(HUTOOL) || scrape.text.contains(MYBATIS), scrape.text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.0.12:long genTime()", "4.6.17:field dataCenterId"})
    void aHutoolVersionTheAgentDoesNotKnowIsSkippedWithOneLogLineAndWorks(String versionAndMissing) throws Exception {
        String version = versionAndMissing.substring(0, versionAndMissing.indexOf(':'));
        String missing = versionAndMissing.substring(version.length() + 1);
        Path fixtures = Paths.get(SmallSnowflakeApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (DemoProcess app = DemoProcess.startMain(List.of(fixtures, MATRIX.resolve("hutool-core-" + version + ".jar")),
                SmallSnowflakeApp.class.getName())) {
            assertEquals(1000, app.counts().get("increasing"), "Hutool " + version + " works as without the agent");
            app.awaitLine(Pattern.compile(Pattern.quote("[bytemeter] WARN instrumentation hutool-snowflake: skipped "
                    + "cn.hutool.core.lang.Snowflake, a version the agent does not know (it has no " + missing + ")")));
            assertEquals(1, app.output().lines().filter(l -> l.contains("instrumentation hutool-snowflake: skipped")).count(),
                    app.output());
            assertFalse(app.output().contains("could not instrument"), app.output());
            assertFalse(app.scrape().text.contains("id_generated_total"), "nothing half-counted");
        }
    }

    /**
     * uuid-creator: counts, and overflows against the UUIDs' own bits (v7, stopped clock) or the
     * time function's own last time (v6, a clock that ticks slower than the counter runs out);
     * 5.x waits for the clock where 6.x carries.
     */
    private static void checkUuidCreator(Map<String, Long> counts, Scrape scrape, boolean waits) {
        assertGenerated(scrape, "UuidCreator.getTimeOrdered", counts.get("uuid_time_ordered"));
        assertEquals(counts.get("uuid_time_ordered_epoch"),
                scrape.count("id_generated_total", "generator", "UuidCreator.getTimeOrderedEpoch"));
        String[][] clocked = {{"uuid_v7_stopped", "ClockedUuids#timeOrderedEpoch"}, {"uuid_v6_ticking", "ClockedUuids#timeOrdered"}};
        for (String[] g : clocked) {
            assertGenerated(scrape, g[1], counts.get(g[0]));
            assertTrue(counts.get(g[0] + "_overflows") > 0, g[1] + " runs its counter out");
            assertEquals(counts.get(g[0] + "_overflows"), scrape.count("id_sequence_overflows_total", "generator", g[1]), g[1]);
        }
        assertEquals(waits ? counts.get("uuid_v6_ticking_overflows") : 0,
                Math.round(scrape.sum("id_wait_duration_seconds_count", "generator", "ClockedUuids#timeOrdered")));
        assertFalse(scrape.text.contains("id_wait_duration_seconds_count{generator=\"ClockedUuids#timeOrderedEpoch"));
    }

    /**
     * ulid-creator: every ULID; and a monotonic factory whose random part starts all ones, on a clock
     * the demo moves: its carries into the time and the IDs it made on a clock stepped back, read
     * from each ID's time against the clock it was asked on. A carry never waits.
     */
    private static void checkUlid(Map<String, Long> counts, Scrape scrape) {
        assertIds(scrape, "UlidCreator.getUlid", counts.get("ulid"));
        assertIds(scrape, "UlidCreator.getMonotonicUlid", counts.get("ulid_monotonic"));
        String stepped = "IdDemo#runSteppedClockMonotonicUlids";
        assertGenerated(scrape, stepped, counts.get("ulid_stepped"));
        assertEquals(2, counts.get("ulid_stepped_overflows"), "the all-ones random carries once per new millisecond");
        assertEquals(counts.get("ulid_stepped_overflows"), scrape.count("id_sequence_overflows_total", "generator", stepped));
        assertEquals(2, counts.get("ulid_stepped_clock_steps"), "two IDs on a clock 5 ms back");
        assertEquals(counts.get("ulid_stepped_clock_steps"),
                scrape.count("id_clock_backward_total", "generator", stepped, "outcome", "reused"), scrape.text);
        assertFalse(scrape.text.contains("id_wait_duration_seconds_count{generator=\"" + stepped), "a carry never waits");
    }

    /**
     * Yitter (worker 3, built in the demo's main): every ID; the ticks its drift borrowed (the
     * overflows that did not wait) at most what the IDs' own bits allow (a tick the clock reached as
     * the sequence hit its top looks the same); one turn-back when its last tick is moved ahead of
     * the clock, every ID in it below the one before (the 4 threads' IDs, recorded in another order
     * than made, can add a few more).
     */
    private static void checkYitter(Map<String, Long> counts, Scrape scrape) {
        String yitter = "IdDemo#main";
        assertIds(scrape, yitter, counts.get("yitter"));
        long borrowed = scrape.count("id_sequence_overflows_total", "generator", yitter)
                - Math.round(scrape.sum("id_wait_duration_seconds_count", "generator", yitter));
        assertTrue(borrowed > 0 && borrowed <= counts.get("yitter_borrowed_ticks_at_most"),
                borrowed + " borrowed ticks, the IDs allow " + counts.get("yitter_borrowed_ticks_at_most"));
        assertEquals(1, scrape.count("id_clock_backward_total", "generator", yitter, "outcome", "reused"), scrape.text);
        assertTrue(scrape.count("id_non_monotonic_total", "generator", yitter) >= counts.get("yitter_turn_back_ids"));
    }

    /**
     * JUG: counts, and the v1 timer's carries (its clock stands still) against the UUIDs'
     * timestamps; the v6 generator's shared timer on the real clock rarely runs out, and must agree.
     */
    private static void checkJug(Map<String, Long> counts, Scrape scrape) {
        assertGenerated(scrape, "SessionService#<init>", counts.get("jug_v1"));
        assertTrue(counts.get("jug_v1_overflows") > 0, "the v1 timer's counter runs out");
        assertEquals(counts.get("jug_v1_overflows"), scrape.count("id_sequence_overflows_total", "generator", "SessionService#<init>"));
        assertGenerated(scrape, "EventStore#<init>", counts.get("jug_v6"));
        assertEquals(counts.get("jug_v6_overflows"), scrape.count("id_sequence_overflows_total", "generator", "EventStore#<init>"));
        // the v7 generator is built in the same constructor, a line further: EventStore#<init>:<line>
        long v7 = scrape.samples.stream()
                .filter(s -> s.name().equals("id_generated_total") && s.labels().get("generator").startsWith("EventStore#<init>:"))
                .mapToLong(s -> Math.round(s.value())).sum();
        assertEquals(counts.get("jug_v7"), v7);
    }

    private static void check(Map<String, Long> counts, Scrape scrape) {
        assertGenerated(scrape, "UUID.randomUUID", counts.get("uuid_random"));
        assertGenerated(scrape, "UUID.nameUUIDFromBytes", counts.get("uuid_name"));
        assertGenerated(scrape, "IdUtil.getSnowflakeNextId", counts.get("hutool_shared"));
        assertFalse(scrape.text.contains("id_sequence_overflows_total{generator=\"UUID"), "a UUID has no sequence");

        String[][] generators = {{"hutool", HUTOOL}, {"mybatis", MYBATIS}, {"tsid", TSID}};
        for (String[] g : generators) {
            String name = g[1];
            assertIds(scrape, name, counts.get(g[0]));
            assertTrue(counts.get(g[0] + "_overflows") > 0, "the hot loop runs " + name + "'s sequence out");
            long overflows = scrape.count("id_sequence_overflows_total", "generator", name);
            if (g[0].equals("tsid")) {
                assertEquals(counts.get(g[0] + "_overflows"), overflows, name);
            } else {
                // a Snowflake ID with sequence 4095 followed by one a millisecond on is an overflow in its bits, but
                // it is none when the clock had moved on by itself (a thread descheduled at that point): the agent
                // counts the waits themselves, so the bits give an upper bound that is seldom more than one off
                long fromBits = counts.get(g[0] + "_overflows");
                assertTrue(overflows <= fromBits && overflows >= fromBits - 3, name + ": " + overflows + " waits, " + fromBits + " from the bits");
            }
            assertEquals(0, scrape.count("id_non_monotonic_total", "generator", name), name);
        }
        assertEquals(0, counts.get("hutool_duplicates"));
        assertEquals(counts.get("hutool"), scrape.count("id_generated_total", "generator", HUTOOL, "worker", "3", "datacenter", "1"),
                "Hutool's worker and datacenter ids are labels");

        // Hutool and MyBatis-Plus spin for the next millisecond: each overflow the agent counted is a wait (the
        // overflows read from the bits are only an upper bound, checked above); tsid-creator carries instead
        for (String generator : new String[] {HUTOOL, MYBATIS}) {
            assertEquals(scrape.count("id_sequence_overflows_total", "generator", generator),
                    scrape.count("id_wait_duration_seconds_count", "generator", generator), generator);
        }
        assertFalse(scrape.text.contains("id_wait_duration_seconds_count{generator=\"" + TSID), "tsid-creator never waits");
        double p99Wait = scrape.quantile(0.99, "id_wait_duration_seconds", "generator", HUTOOL);
        assertTrue(p99Wait > 0 && p99Wait <= 0.1, "a wait for the next millisecond, p99=" + p99Wait);

        // one provoked step each: Hutool reuses its last timestamp within timeOffset and refuses past it;
        // MyBatis-Plus waits out up to 5 ms and refuses past it
        assertEquals(1, scrape.count("id_clock_backward_total", "generator", HUTOOL, "outcome", "reused"));
        assertEquals(counts.get("hutool_errors"), scrape.count("id_clock_backward_total", "generator", HUTOOL, "outcome", "failed"));
        assertEquals(0, scrape.count("id_clock_backward_total", "generator", HUTOOL, "outcome", "waited"));
        assertEquals(1, scrape.count("id_clock_backward_total", "generator", MYBATIS, "outcome", "waited"));
        assertEquals(counts.get("mybatis_errors"), scrape.count("id_clock_backward_total", "generator", MYBATIS, "outcome", "failed"));
        assertEquals(0, scrape.count("id_clock_backward_total", "generator", MYBATIS, "outcome", "reused"));
        assertEquals(1, counts.get("hutool_errors"));
        assertEquals(1, counts.get("mybatis_errors"));
        assertEquals(counts.get("hutool_errors"), scrape.count("id_generation_errors_total", "generator", HUTOOL,
                "error_type", "java.lang.IllegalStateException"));
        assertEquals(counts.get("mybatis_errors"), scrape.count("id_generation_errors_total", "generator", MYBATIS,
                "error_type", "java.lang.RuntimeException"));
    }
}
