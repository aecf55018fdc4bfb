package io.bytemeter.instrumentation.hazelcast;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import com.hazelcast.core.DistributedObject;
import io.bytemeter.bootstrap.CacheCounters;
import io.bytemeter.bootstrap.CacheRecorder;
import io.bytemeter.instrumentation.AddedField;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.Transformations;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Hazelcast 5's {@code IMap}, on a member ({@code MapProxyImpl}, and its near-cached subclass) and on
 * a client ({@code ClientMapProxy}, likewise), counted where the app calls it: {@code get} (a hit
 * when it returned a value, near-cache hits included), {@code getAll} (each key), {@code put},
 * {@code set}, {@code putIfAbsent} (when it put), {@code putAll} (each entry), {@code remove},
 * {@code delete} and {@code evict} (each a delete). Overloads call one another, so each call but a
 * {@code get} enters the cache facade ({@link CacheRecorder#enterTimedFacade()}) and only the outermost counts;
 * every call is timed (a member's map call takes microseconds, a client's is a round trip). A map is
 * named by its name; a client's map is remote (round-trip buckets).
 */
public final class HazelcastMapInstrumentation implements Instrumentation {

    private static final String MEMBER_PROXY = "com.hazelcast.map.impl.proxy.MapProxyImpl";
    private static final String CLIENT_PROXY = "com.hazelcast.client.impl.proxy.ClientMapProxy";

    @Override
    public String name() {
        return "hazelcast";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(MEMBER_PROXY, CLIENT_PROXY);
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        InlineAdvice withCounters = new InlineAdvice(AddedField.advice()).advice(Methods.GET, adviceName("GetAdvice"));
        InlineAdvice withoutCounters = new InlineAdvice().advice(Methods.GET, adviceName("GetLookupAdvice"));
        Transformations.Transformer addingCounters = (b, type, loader, module, domain) ->
                withCounters.transform(b.visit(AddedField.adder(AddedField.COUNTERS)), type, loader, module, domain);
        return builder
                .type(named(MEMBER_PROXY))
                .transform(operations().advice(isConstructor(), adviceName("MemberMapAdvice")))
                .transformAddingField(addingCounters, withoutCounters)
                .type(named(CLIENT_PROXY))
                .transform(operations().advice(isConstructor(), adviceName("ClientMapAdvice")))
                .transformAddingField(addingCounters, withoutCounters);
    }

    private static InlineAdvice operations() {
        return new InlineAdvice()
                .advice(Methods.GET_ALL, adviceName("GetAllAdvice"))
                .advice(Methods.PUT, adviceName("PutAdvice"))
                .advice(Methods.PUT_IF_ABSENT, adviceName("PutIfAbsentAdvice"))
                .advice(Methods.PUT_ALL, adviceName("PutAllAdvice"))
                .advice(Methods.REMOVE, adviceName("RemoveAdvice"))
                .advice(Methods.DELETE, adviceName("DeleteAdvice"))
                .advice(Methods.EVICT, adviceName("EvictAdvice"));
    }

    private static String adviceName(String simpleName) {
        return HazelcastMapInstrumentation.class.getName() + "$" + simpleName;
    }

    private static final class Methods {
        static final ElementMatcher.Junction<MethodDescription> GET = isPublic().and(named("get")).and(takesArguments(1));
        static final ElementMatcher.Junction<MethodDescription> GET_ALL = isPublic().and(named("getAll")).and(takesArguments(1))
                .and(takesArgument(0, Set.class));
        static final ElementMatcher.Junction<MethodDescription> PUT = isPublic().and(named("put").or(named("set")))
                .and(takesArgument(0, Object.class)).and(takesArgument(1, Object.class));
        static final ElementMatcher.Junction<MethodDescription> PUT_IF_ABSENT = isPublic().and(named("putIfAbsent"))
                .and(takesArgument(0, Object.class)).and(takesArgument(1, Object.class));
        static final ElementMatcher.Junction<MethodDescription> PUT_ALL = isPublic().and(named("putAll")).and(takesArguments(1))
                .and(takesArgument(0, Map.class));
        static final ElementMatcher.Junction<MethodDescription> REMOVE = isPublic().and(named("remove")).and(takesArguments(1));
        static final ElementMatcher.Junction<MethodDescription> DELETE = isPublic().and(named("delete")).and(takesArguments(1));
        static final ElementMatcher.Junction<MethodDescription> EVICT = isPublic().and(named("evict")).and(takesArguments(1));
    }

    /** A member's map: named by its name, in the process, every call timed. */
    public static class MemberMapAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This DistributedObject map) {
            CacheRecorder.registerTimed(map, "com.hazelcast.", map.getName());
        }
    }

    /** A client's map: named by its name, each call a round trip to the cluster. */
    public static class ClientMapAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This DistributedObject map) {
            CacheRecorder.registerRemote(map, "com.hazelcast.client.", map.getName());
        }
    }

    /**
     * {@code get}: a hit when it returned a value. It calls no other method of the map, so instead of
     * entering the facade it only stays out when inside one (Spring's cache over the map), and finds
     * its series in the field the map gains rather than by the map's identity: with every call timed,
     * what it adds beyond the clock is a few nanoseconds (a near-cache hit takes a few hundred).
     */
    public static class GetAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.startRemoteOutsideFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object map, @Advice.Enter long start,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object value, @Advice.Thrown Throwable error,
                @AddedField.Value("counters") CacheCounters counters) {
            if (start != CacheRecorder.INNER_CALL) {
                if (error == null) {
                    counters = CacheRecorder.getUncounted(counters, map, null, value != null, start);
                } else {
                    CacheRecorder.error(map, "get", error);
                }
            }
        }
    }

    /** {@link GetAdvice} in a class retransformed without the field (on attach): the map's series found by identity. */
    public static class GetLookupAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.startRemoteOutsideFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object map, @Advice.Enter long start,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object value, @Advice.Thrown Throwable error) {
            if (start != CacheRecorder.INNER_CALL) {
                if (error == null) {
                    CacheRecorder.get(map, value != null, start);
                } else {
                    CacheRecorder.error(map, "get", error);
                }
            }
        }
    }

    public static class GetAllAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.enterTimedFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object map, @Advice.Argument(0) Set<?> keys, @Advice.Enter long start,
                @Advice.Return Map<?, ?> found, @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL && keys != null && !keys.isEmpty()) {
                if (error == null) {
                    CacheRecorder.gets(map, found.size(), keys.size() - found.size(), start);
                } else {
                    CacheRecorder.error(map, "getAll", error);
                }
            }
        }
    }

    /** {@code put} and {@code set}, every overload. */
    public static class PutAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.enterTimedFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object map, @Advice.Origin("#m") String method, @Advice.Enter long start,
                @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL) {
                if (error == null) {
                    CacheRecorder.put(map, 1, start);
                } else {
                    CacheRecorder.error(map, method, error);
                }
            }
        }
    }

    /** {@code putIfAbsent}: a put when it put (nothing was there). */
    public static class PutIfAbsentAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.enterTimedFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object map, @Advice.Enter long start,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object previous, @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL) {
                if (error != null) {
                    CacheRecorder.error(map, "putIfAbsent", error);
                } else if (previous == null) {
                    CacheRecorder.put(map, 1, start);
                }
            }
        }
    }

    public static class PutAllAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.enterTimedFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object map, @Advice.Argument(0) Map<?, ?> entries, @Advice.Enter long start,
                @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL && entries != null && !entries.isEmpty()) {
                if (error == null) {
                    CacheRecorder.put(map, entries.size(), start);
                } else {
                    CacheRecorder.error(map, "putAll", error);
                }
            }
        }
    }

    /** {@code remove(key)}: removed when it returned the old value. */
    public static class RemoveAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.enterTimedFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object map, @Advice.Enter long start,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object removed, @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL) {
                if (error == null) {
                    CacheRecorder.delete(map, 1, removed != null ? 1 : 0, start);
                } else {
                    CacheRecorder.error(map, "remove", error);
                }
            }
        }
    }

    /** {@code delete(key)}: Hazelcast does not say whether anything was there. */
    public static class DeleteAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.enterTimedFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object map, @Advice.Enter long start, @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL) {
                if (error == null) {
                    CacheRecorder.delete(map, 1, -1, start);
                } else {
                    CacheRecorder.error(map, "delete", error);
                }
            }
        }
    }

    /** {@code evict(key)}: out of memory, not out of a map store; removed when it says so. */
    public static class EvictAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.enterTimedFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object map, @Advice.Enter long start, @Advice.Return boolean evicted,
                @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL) {
                if (error == null) {
                    CacheRecorder.delete(map, 1, evicted ? 1 : 0, start);
                } else {
                    CacheRecorder.error(map, "evict", error);
                }
            }
        }
    }
}
