package io.bytemeter.instrumentation.redisson;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.CacheRecorder;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.LibraryShape;
import io.bytemeter.instrumentation.Transformations;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;
import org.redisson.RedissonBucket;
import org.redisson.api.RObject;

/**
 * Redisson 3's maps ({@code RMap}, and {@code RMapCache} and {@code RLocalCachedMap}, which extend
 * it) and buckets ({@code RBucket}), through their synchronous methods, each of which waits for
 * its own asynchronous one on the calling thread: gets (a hit when a value came back, from Redis or
 * from a local cache), puts, deletes, errors, every call timed. A map is named by its name, as a
 * cache is; a bucket, whose name is usually a key, by its name's first {@code :}-separated part
 * ({@code session:4711} shows as {@code session:*}), so that keys stay out of labels. Series are
 * found by the name's own string (one per name the app spells as a constant), so that the new
 * {@code RMap} object an app gets for each {@code getMap("users")} costs no lookup of its own. The
 * {@code ...Async} methods an app calls itself are not counted yet.
 */
public final class RedissonInstrumentation implements Instrumentation {

    private static final String MAP = "org.redisson.RedissonMap";
    private static final String MAP_CACHE = "org.redisson.RedissonMapCache";
    private static final String BUCKET = "org.redisson.RedissonBucket";
    private static final String OBJECT = "org.redisson.RedissonObject";

    @Override
    public String name() {
        return "redisson";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(MAP, MAP_CACHE, BUCKET, OBJECT);
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        return builder
                .type(named(MAP).and(new LibraryShape(name(), Map.of("V get(Object)", Methods.MAP_GET, "V put(K, V)", Methods.PUT,
                        "V remove(Object)", Methods.MAP_REMOVE))))
                .transform(new InlineAdvice()
                        .advice(isConstructor(), adviceName("MapCreatedAdvice"))
                        .advice(Methods.MAP_GET, adviceName("GetAdvice"))
                        .advice(Methods.GET_ALL, adviceName("GetAllAdvice"))
                        .advice(Methods.PUT.or(Methods.FAST_PUT), adviceName("PutAdvice"))
                        .advice(Methods.PUT_IF_ABSENT, adviceName("PutIfAbsentAdvice"))
                        .advice(Methods.PUT_ALL, adviceName("PutAllAdvice"))
                        .advice(Methods.MAP_REMOVE, adviceName("RemoveAdvice"))
                        .advice(Methods.FAST_REMOVE, adviceName("FastRemoveAdvice")))
                .type(named(MAP_CACHE))
                .transform(new InlineAdvice()
                        .advice(Methods.PUT.or(Methods.FAST_PUT), adviceName("PutAdvice"))
                        .advice(Methods.PUT_IF_ABSENT, adviceName("PutIfAbsentAdvice")))
                .type(named(BUCKET).and(new LibraryShape(name(), Map.of("V get()", Methods.BUCKET_GET, "void set(V)", Methods.BUCKET_SET))))
                .transform(new InlineAdvice()
                        .advice(isConstructor(), adviceName("BucketCreatedAdvice"))
                        .advice(Methods.BUCKET_GET, adviceName("GetAdvice"))
                        .advice(Methods.BUCKET_SET, adviceName("PutAdvice")))
                .type(named(OBJECT))
                .transform(new InlineAdvice().advice(Methods.DELETE, adviceName("BucketDeleteAdvice")));
    }

    private static String adviceName(String simpleName) {
        return RedissonInstrumentation.class.getName() + "$" + simpleName;
    }

    private static final class Methods {
        static final ElementMatcher.Junction<MethodDescription> MAP_GET = named("get").and(takesArguments(1))
                .and(takesArgument(0, Object.class));
        static final ElementMatcher.Junction<MethodDescription> GET_ALL = named("getAll").and(takesArguments(1))
                .and(takesArgument(0, Set.class));
        /** {@code put(K, V)} and {@code RMapCache}'s overloads with a time to live. */
        static final ElementMatcher.Junction<MethodDescription> PUT = named("put").and(takesArgument(0, Object.class))
                .and(takesArgument(1, Object.class));
        static final ElementMatcher.Junction<MethodDescription> FAST_PUT = named("fastPut").and(takesArgument(0, Object.class))
                .and(takesArgument(1, Object.class));
        static final ElementMatcher.Junction<MethodDescription> PUT_IF_ABSENT = named("putIfAbsent").or(named("fastPutIfAbsent"))
                .and(takesArgument(0, Object.class)).and(takesArgument(1, Object.class));
        static final ElementMatcher.Junction<MethodDescription> PUT_ALL = named("putAll").and(takesArguments(2))
                .and(takesArgument(0, Map.class)).and(takesArgument(1, int.class));
        static final ElementMatcher.Junction<MethodDescription> MAP_REMOVE = named("remove").and(takesArguments(1))
                .and(takesArgument(0, Object.class));
        static final ElementMatcher.Junction<MethodDescription> FAST_REMOVE = named("fastRemove").and(takesArguments(1))
                .and(takesArgument(0, Object[].class));
        static final ElementMatcher.Junction<MethodDescription> BUCKET_GET = named("get").and(takesArguments(0));
        static final ElementMatcher.Junction<MethodDescription> BUCKET_SET = named("set").and(takesArgument(0, Object.class));
        static final ElementMatcher.Junction<MethodDescription> DELETE = named("delete").and(takesArguments(0));
    }

    /** A map came into being: its name names its series (the name's string is the key to it). */
    public static class MapCreatedAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This RObject map) {
            CacheRecorder.registerRemote(map.getName(), "org.redisson.", map.getName());
        }
    }

    /** A bucket came into being: named by its name's first part, its keys left out. */
    public static class BucketCreatedAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This RObject bucket) {
            String name = bucket.getName();
            int colon = name.indexOf(':');
            CacheRecorder.registerRemote(name, "org.redisson.", colon < 0 ? name : name.substring(0, colon + 1) + "*");
        }
    }

    public static class GetAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.enterTimedFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This RObject object, @Advice.Enter long start,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object value, @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL) {
                if (error == null) {
                    CacheRecorder.get(object.getName(), value != null, start);
                } else {
                    CacheRecorder.error(object.getName(), "get", error);
                }
            }
        }
    }

    /** {@code getAll}: each key asked for a hit or a miss. */
    public static class GetAllAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.enterTimedFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This RObject map, @Advice.Argument(0) Set<?> keys, @Advice.Enter long start,
                @Advice.Return Map<?, ?> found, @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL && keys != null && !keys.isEmpty()) {
                if (error == null) {
                    CacheRecorder.gets(map.getName(), found.size(), keys.size() - found.size(), start);
                } else {
                    CacheRecorder.error(map.getName(), "getAll", error);
                }
            }
        }
    }

    /** {@code put}, {@code fastPut} and a bucket's {@code set}, every overload. */
    public static class PutAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.enterTimedFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This RObject object, @Advice.Origin("#m") String method, @Advice.Enter long start,
                @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL) {
                if (error == null) {
                    CacheRecorder.put(object.getName(), 1, start);
                } else {
                    CacheRecorder.error(object.getName(), method, error);
                }
            }
        }
    }

    /** {@code putIfAbsent} (a put when nothing was there: it returned null) and {@code fastPutIfAbsent} (when it returned true). */
    public static class PutIfAbsentAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.enterTimedFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This RObject map, @Advice.Origin("#m") String method, @Advice.Enter long start,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result, @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL) {
                if (error != null) {
                    CacheRecorder.error(map.getName(), method, error);
                } else if (result == null || Boolean.TRUE.equals(result)) {
                    CacheRecorder.put(map.getName(), 1, start);
                }
            }
        }
    }

    /** {@code putAll}: a put per entry. */
    public static class PutAllAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.enterTimedFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This RObject map, @Advice.Argument(0) Map<?, ?> entries, @Advice.Enter long start,
                @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL && entries != null && !entries.isEmpty()) {
                if (error == null) {
                    CacheRecorder.put(map.getName(), entries.size(), start);
                } else {
                    CacheRecorder.error(map.getName(), "putAll", error);
                }
            }
        }
    }

    /** {@code remove(key)}: a delete that removed something when it returned the old value. */
    public static class RemoveAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.enterTimedFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This RObject map, @Advice.Enter long start,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object previous, @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL) {
                if (error == null) {
                    CacheRecorder.delete(map.getName(), 1, previous != null ? 1 : 0, start);
                } else {
                    CacheRecorder.error(map.getName(), "remove", error);
                }
            }
        }
    }

    /** {@code fastRemove(keys...)}: a delete per key, and the number Redis removed. */
    public static class FastRemoveAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.enterTimedFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This RObject map, @Advice.Argument(0) Object[] keys, @Advice.Enter long start,
                @Advice.Return long removed, @Advice.Thrown Throwable error) {
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL && keys != null && keys.length > 0) {
                if (error == null) {
                    CacheRecorder.delete(map.getName(), keys.length, (int) removed, start);
                } else {
                    CacheRecorder.error(map.getName(), "fastRemove", error);
                }
            }
        }
    }

    /** {@code delete()} of a bucket (every Redisson object has it; only buckets count). */
    public static class BucketDeleteAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.This Object object) {
            return object instanceof RedissonBucket ? CacheRecorder.enterTimedFacade() : CacheRecorder.INNER_CALL;
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object object, @Advice.Enter long start, @Advice.Return boolean deleted,
                @Advice.Thrown Throwable error) {
            if (!(object instanceof RedissonBucket)) {
                return;
            }
            CacheRecorder.exitFacade();
            if (start != CacheRecorder.INNER_CALL) {
                String name = ((RedissonBucket<?>) object).getName();
                if (error == null) {
                    CacheRecorder.delete(name, 1, deleted ? 1 : 0, start);
                } else {
                    CacheRecorder.error(name, "delete", error);
                }
            }
        }
    }
}
