package io.bytemeter.instrumentation.roles;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.bootstrap.CacheCounters;
import io.bytemeter.bootstrap.CacheRecorder;
import io.bytemeter.bootstrap.CacheSink;
import io.bytemeter.bootstrap.IdRecorder;
import io.bytemeter.bootstrap.IdSink;
import io.bytemeter.bootstrap.MessagingRecorder;
import io.bytemeter.bootstrap.MessagingSink;
import io.bytemeter.bootstrap.MethodRecorder;
import io.bytemeter.bootstrap.MethodSink;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.MethodSpec;
import io.bytemeter.instrumentation.Role;
import io.bytemeter.instrumentation.Sites;
import io.bytemeter.instrumentation.Transformations;
import java.lang.instrument.ClassFileTransformer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The role advice inlined into real classes in this JVM: what each role passes to its recorder,
 * and that the instrumented methods return and throw exactly as before. Over 300 lines because
 * every role shares one instrumented set of fixture classes and one recording sink per recorder,
 * installed once for the whole class.
 */
class RoleAdviceTest {

    static final String FIXTURES = RoleAdviceTest.class.getName() + "$";

    public static class OptionalCache {
        public Optional<String> find(String key) {
            return key.equals("present") ? Optional.of("v") : Optional.empty();
        }

        public String get(String key) {
            return key.equals("present") ? "v" : null;
        }

        public boolean contains(String key) {
            return key.equals("present");
        }
    }

    public static class Generator {
        private long next = 10;

        public synchronized long nextId() {
            return next++;
        }

        public String nextName() {
            return "id-" + next++;
        }

        public long failing() {
            throw new IllegalStateException("clock moved backwards");
        }

        void waitForNextTick() throws InterruptedException {
            Thread.sleep(2);
        }
    }

    public static class Broker {
        public void send(String topic, byte[] value) {}

        public List<String> poll(String topic, String group, int max) {
            return List.of("a", "bb");
        }

        public void onMessage(String queue, String text) {}
    }

    public static class Service {
        public int work(boolean fail) throws java.io.IOException {
            if (fail) {
                throw new java.io.IOException("disk full");
            }
            return 7;
        }
    }

    static final List<String> recorded = Collections.synchronizedList(new ArrayList<>());
    private static ClassFileTransformer transformer;
    private static Sites sites;

    @BeforeAll
    static void instrument() {
        // every call timed, so that each recording shows whether the advice passed a duration
        Timing.sampleOneIn(1);
        Map<Role, List<MethodSpec>> specs = new EnumMap<>(Role.class);
        specs.put(Role.CACHE_GET, MethodSpec.parseList(FIXTURES + "OptionalCache#find," + FIXTURES + "OptionalCache#get,"
                + FIXTURES + "OptionalCache#contains", RoleAdviceTest::failOnBadEntry));
        specs.put(Role.ID_GENERATE, MethodSpec.parseList(FIXTURES + "Generator#*", RoleAdviceTest::failOnBadEntry));
        specs.put(Role.ID_WAIT, MethodSpec.parseList(FIXTURES + "Generator#waitForNextTick", RoleAdviceTest::failOnBadEntry));
        specs.put(Role.MESSAGING_PRODUCE, MethodSpec.parseList(FIXTURES + "Broker#send", RoleAdviceTest::failOnBadEntry));
        specs.put(Role.MESSAGING_CONSUME, MethodSpec.parseList(FIXTURES + "Broker#poll," + FIXTURES + "Broker#onMessage", RoleAdviceTest::failOnBadEntry));
        specs.put(Role.TIMED_METHOD, MethodSpec.parseList(FIXTURES + "Service#work", RoleAdviceTest::failOnBadEntry));
        sites = new Sites(Map.of(Role.Family.CACHE, Map.of(FIXTURES + "OptionalCache", "users")));
        InstrumentationContext context = new InstrumentationContext() {
            @Override
            public List<MethodSpec> specs(Role role) {
                return specs.getOrDefault(role, List.of());
            }

            @Override
            public Sites sites() {
                return sites;
            }
        };
        AgentBuilder builder = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.Listener.StreamWriting.toSystemError().withErrorsOnly())
                .ignore(not(nameStartsWith(FIXTURES)));
        Transformations transformations = new Transformations();
        for (Instrumentation instrumentation : List.of(new CacheRoleInstrumentation(), new IdRoleInstrumentation(),
                new MessagingRoleInstrumentation(), new TimedMethodInstrumentation())) {
            transformations = instrumentation.extend(transformations, context);
        }
        for (Transformations.Entry entry : transformations.entries()) {
            builder = builder.type(entry.matcher()).transform(entry.transformer()::transform);
        }
        transformer = builder.installOn(ByteBuddyAgent.install());
        CacheRecorder.install(new CacheSink() {
            @Override
            public void get(int site, Object cache, boolean hit, long nanos) {
                recorded.add("get " + sites.get(site).name() + " " + (hit ? "hit" : "miss") + timed(nanos));
            }

            @Override
            public void put(int site, Object cache, long nanos) {}

            @Override
            public void delete(int site, Object cache, long nanos) {}

            @Override
            public void register(Object cache, String library, String name, boolean remote) {}

            @Override
            public void timesEveryCall(Object cache) {}

            @Override
            public void alias(Object inner, Object cache) {}

            @Override
            public void get(Object cache, Object key, int hits, int misses, long nanos) {}

            @Override
            public CacheCounters get(CacheCounters counters, Object cache, Object key, int hits, int misses, long nanos) {
                return null;
            }

            @Override
            public void put(Object cache, Object key, int count, long nanos) {}

            @Override
            public void delete(Object cache, int calls, int removed, long nanos) {}

            @Override
            public void load(Object cache, boolean success, long nanos) {}

            @Override
            public void removal(Object cache, String cause) {}

            @Override
            public void command(Object cache, String command, long nanos) {}

            @Override
            public void error(Object cache, String operation, String errorType) {}
        });
        IdRecorder.install(new IdSink() {
            @Override
            public void generated(int site, Object generator, long id, long nanos) {
                recorded.add("id " + id + " from " + generator.getClass().getSimpleName() + timed(nanos));
            }

            @Override
            public void generatedOpaque(int site, Object generator, long nanos) {
                recorded.add("opaque id" + timed(nanos));
            }

            @Override
            public void failed(int site, Object generator, Throwable error, long nanos) {
                recorded.add("id failed " + error.getMessage());
            }

            @Override
            public void waited(int site, Object generator, long nanos) {
                recorded.add("waited " + (nanos >= 2_000_000 ? "at least 2 ms" : nanos + " ns"));
            }

            @Override
            public void register(Object generator, String library, String sharedBy, long worker, long datacenter) {
                recorded.add("built " + generator.getClass().getSimpleName() + " of " + library.substring(FIXTURES.length()));
            }

            @Override
            public void alias(Object part, Object generator) {}

            @Override
            public void generated(Object generator, long id, long nanos) {}

            @Override
            public void generatedOpaque(Object generator, long nanos) {}

            @Override
            public void failed(Object generator, Throwable error, long nanos) {}

            @Override
            public void overflow(Object generator, long waitNanos) {}

            @Override
            public void clockBehind(Object generator, String recovery) {}

            @Override
            public void registerBlocks(Object generator, String name) {}

            @Override
            public void blockFetched(Object generator, long nanos) {}

            @Override
            public void generatedFor(Object generator, Object entity, long nanos) {}

            @Override
            public void generatedByDatabase(Object part, Object entity) {}
        });
        MessagingRecorder.install(new MessagingSink() {
            @Override
            public void sent(int site, String destination, Object payload, Throwable error, long nanos) {
                recorded.add("sent to " + destination + " " + describe(payload));
            }

            @Override
            public void received(int site, String destination, Object payload, Throwable error, long nanos) {
                recorded.add("received from " + destination + " " + describe(payload));
            }
        });
        MethodRecorder.install(new MethodSink() {
            @Override
            public void exited(int site, Throwable error, long nanos) {
                recorded.add(sites.get(site) + " " + (error == null ? "success" : "error " + error.getClass().getSimpleName()));
            }
        });
    }

    private static void failOnBadEntry(String reason) {
        throw new AssertionError(reason);
    }

    private static String timed(long nanos) {
        return nanos >= 0 ? "" : " untimed";
    }

    private static String describe(Object payload) {
        return payload instanceof byte[] ? "byte[" + ((byte[]) payload).length + "]" : String.valueOf(payload);
    }

    @AfterAll
    static void uninstall() {
        ByteBuddyAgent.getInstrumentation().removeTransformer(transformer);
        Timing.sampleByDefault();
        CacheRecorder.install(CacheSink.NO_OP);
        IdRecorder.install(IdSink.NO_OP);
        MessagingRecorder.install(MessagingSink.NO_OP);
        MethodRecorder.install(MethodSink.NO_OP);
    }

    @BeforeEach
    void clear() {
        recorded.clear();
    }

    @Test
    void aGetIsAHitWhenItReturnsAValueAPresentOptionalOrTrue() {
        OptionalCache cache = new OptionalCache();
        assertEquals(Optional.of("v"), cache.find("present"));
        assertEquals(Optional.empty(), cache.find("absent"));
        assertEquals("v", cache.get("present"));
        assertEquals(null, cache.get("absent"));
        assertTrue(cache.contains("present"));
        cache.contains("absent");
        assertEquals(List.of("get users hit", "get users miss", "get users hit", "get users miss", "get users hit",
                "get users miss"), recorded);
    }

    @Test
    void idsArePassedWithTheirGeneratorAndFailuresWithTheirException() {
        Generator generator = new Generator();
        long first = generator.nextId();
        assertEquals(first + 1, generator.nextId());
        assertTrue(generator.nextName().startsWith("id-"));
        IllegalStateException thrown = assertThrows(IllegalStateException.class, generator::failing);
        assertEquals("clock moved backwards", thrown.getMessage());
        assertEquals(List.of("built Generator of Generator", "id " + first + " from Generator",
                "id " + (first + 1) + " from Generator", "opaque id", "id failed clock moved backwards"), recorded);
    }

    @Test
    void eachCallOfTheWaitMethodIsPassedWithHowLongItWaited() throws Exception {
        Generator generator = new Generator();
        generator.waitForNextTick();
        assertEquals(List.of("built Generator of Generator", "waited at least 2 ms"), recorded);
    }

    @Test
    void messagingTakesTheDestinationFromAStringParameterAndThePayloadFromTheMessage() {
        Broker broker = new Broker();
        broker.send("orders", new byte[12]);
        assertEquals(List.of("a", "bb"), broker.poll("orders", "billing", 10));
        broker.onMessage("alerts", "disk full");
        assertEquals(List.of("sent to orders byte[12]", "received from orders [a, bb]", "received from alerts disk full"),
                recorded);
    }

    @Test
    void timedMethodsKeepTheirResultAndTheirException() throws Exception {
        Service service = new Service();
        assertEquals(7, service.work(false));
        java.io.IOException thrown = assertThrows(java.io.IOException.class, () -> service.work(true));
        assertEquals("disk full", thrown.getMessage());
        assertEquals(List.of(FIXTURES + "Service#work success", FIXTURES + "Service#work error IOException"), recorded);
    }

    @Test
    void theSameMethodInTheSameRoleKeepsItsSite() {
        assertSame(sites.register(Role.CACHE_GET, FIXTURES + "OptionalCache", "find", "(Ljava/lang/String;)Ljava/util/Optional;"),
                sites.register(Role.CACHE_GET, FIXTURES + "OptionalCache", "find", "(Ljava/lang/String;)Ljava/util/Optional;"));
    }
}
