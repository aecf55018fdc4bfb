package io.bytemeter.instrumentation.redisson;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.AsyncCacheCall;
import io.bytemeter.bootstrap.CacheRecorder;
import io.bytemeter.instrumentation.AddedField;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.LibraryShape;
import io.bytemeter.instrumentation.Transformations;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;
import org.redisson.RedissonBucket;
import org.redisson.api.RFuture;
import org.redisson.api.RObject;
import org.redisson.client.protocol.RedisCommand;

/**
 * Redisson 3's maps ({@code RMap}, and {@code RMapCache} and {@code RLocalCachedMap}, which extend
 * it) and buckets ({@code RBucket}), through their synchronous methods, each of which waits for
 * its own asynchronous one on the calling thread: gets (a hit when a value came back, from Redis or
 * from a local cache), puts, deletes, errors, every call timed. A map is named by its name, as a
 * cache is; a bucket, whose name is usually a key, by its name's first {@code :}-separated part
 * ({@code session:4711} shows as {@code session:*}), so that keys stay out of labels. Series are
 * found by the name's own string (one per name the app spells as a constant), so that the new
 * {@code RMap} object an app gets for each {@code getMap("users")} costs no lookup of its own.
 *
 * <p>The {@code ...Async} methods an app calls itself count when their reply arrives, with no
 * callback and no allocation ({@link AsyncCacheCall}): the call is noted on the app's thread, the
 * first request ({@code RedisExecutor}) made on that thread takes it into the one field it gains
 * (which fills the object's alignment gap, so no request grows), and records it where it completes
 * ({@code handleSuccess}, {@code handleError}). With the script cache
 * (3.52's default) a script the server does not know fails with {@code NOSCRIPT}, is loaded and
 * run again: the request that failed hands the call to the {@code SCRIPT LOAD}, which hands it to
 * the second run. A call answered without a request (a local cache's hit) counts as it returns. Not
 * counted: {@code putAllAsync}, whose batches after the first run as new calls on Redisson's own
 * threads, calls in an {@code RBatch}, and a call the app cancels before its reply.
 */
public final class RedissonInstrumentation implements Instrumentation {

    private static final String MAP = "org.redisson.RedissonMap";
    private static final String MAP_CACHE = "org.redisson.RedissonMapCache";
    private static final String BUCKET = "org.redisson.RedissonBucket";
    private static final String OBJECT = "org.redisson.RedissonObject";
    private static final String EXECUTOR = "org.redisson.command.RedisExecutor";

    @Override
    public String name() {
        return "redisson";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(MAP, MAP_CACHE, BUCKET, OBJECT, EXECUTOR);
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        InlineAdvice request = new InlineAdvice(AddedField.advice())
                .advice(isConstructor(), adviceName("RequestCreatedAdvice"))
                .advice(Methods.HANDLE_SUCCESS, adviceName("RequestSucceededAdvice"))
                .advice(Methods.HANDLE_ERROR, adviceName("RequestFailedAdvice"));
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
                        .advice(Methods.FAST_REMOVE, adviceName("FastRemoveAdvice"))
                        .advice(Methods.MAP_ASYNC, adviceName("AsyncAdvice"))
                        .advice(Methods.BULK_ASYNC, adviceName("BulkAsyncAdvice")))
                .type(named(MAP_CACHE))
                .transform(new InlineAdvice()
                        .advice(Methods.PUT.or(Methods.FAST_PUT), adviceName("PutAdvice"))
                        .advice(Methods.PUT_IF_ABSENT, adviceName("PutIfAbsentAdvice"))
                        .advice(Methods.MAP_ASYNC, adviceName("AsyncAdvice")))
                .type(named(BUCKET).and(new LibraryShape(name(), Map.of("V get()", Methods.BUCKET_GET, "void set(V)", Methods.BUCKET_SET))))
                .transform(new InlineAdvice()
                        .advice(isConstructor(), adviceName("BucketCreatedAdvice"))
                        .advice(Methods.BUCKET_GET, adviceName("GetAdvice"))
                        .advice(Methods.BUCKET_SET, adviceName("PutAdvice"))
                        .advice(Methods.BUCKET_ASYNC, adviceName("AsyncAdvice")))
                .type(named(OBJECT))
                .transform(new InlineAdvice()
                        .advice(Methods.DELETE, adviceName("BucketDeleteAdvice"))
                        .advice(Methods.DELETE_ASYNC, adviceName("BucketDeleteAsyncAdvice")))
                .type(named(EXECUTOR).and(new LibraryShape(name(), Map.of("void handleSuccess(CompletableFuture, CompletableFuture, Object)",
                        Methods.HANDLE_SUCCESS, "void handleError(CompletableFuture, Throwable)", Methods.HANDLE_ERROR), List.of("command"))))
                .transformAddingField((b, type, loader, module, domain) -> request.transform(
                        b.visit(AddedField.adder(AddedField.ASYNC_CALL)), type, loader, module, domain),
                        (b, type, loader, module, domain) -> b);
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
        /**
         * {@code putAll(entries)} and {@code putAll(entries, batchSize)}, each a put per entry; the
         * {@code putAllAsync} each waits for is not advised, so its batches after the first, sent
         * from Redisson's threads outside the call, are not counted again.
         */
        static final ElementMatcher.Junction<MethodDescription> PUT_ALL = named("putAll").and(takesArgument(0, Map.class))
                .and(takesArguments(1).or(takesArguments(2).and(takesArgument(1, int.class))));
        static final ElementMatcher.Junction<MethodDescription> MAP_REMOVE = named("remove").and(takesArguments(1))
                .and(takesArgument(0, Object.class));
        static final ElementMatcher.Junction<MethodDescription> FAST_REMOVE = named("fastRemove").and(takesArguments(1))
                .and(takesArgument(0, Object[].class));
        static final ElementMatcher.Junction<MethodDescription> BUCKET_GET = named("get").and(takesArguments(0));
        static final ElementMatcher.Junction<MethodDescription> BUCKET_SET = named("set").and(takesArgument(0, Object.class));
        static final ElementMatcher.Junction<MethodDescription> DELETE = named("delete").and(takesArguments(0));
        /** A map's asynchronous calls of one key, every overload of the puts (a time to live). */
        static final ElementMatcher.Junction<MethodDescription> MAP_ASYNC = named("getAsync").and(takesArguments(1))
                .or(named("removeAsync").and(takesArguments(1)))
                .or(named("putAsync").or(named("fastPutAsync")).or(named("putIfAbsentAsync")).or(named("fastPutIfAbsentAsync"))
                        .and(takesArgument(0, Object.class)).and(takesArgument(1, Object.class)))
                .and(takesArgument(0, Object.class));
        static final ElementMatcher.Junction<MethodDescription> BULK_ASYNC = named("getAllAsync").and(takesArguments(1))
                .and(takesArgument(0, Set.class))
                .or(named("fastRemoveAsync").and(takesArguments(1)).and(takesArgument(0, Object[].class)));
        static final ElementMatcher.Junction<MethodDescription> BUCKET_ASYNC = named("getAsync").and(takesArguments(0))
                .or(named("setAsync").and(takesArgument(0, Object.class)));
        static final ElementMatcher.Junction<MethodDescription> DELETE_ASYNC = named("deleteAsync").and(takesArguments(0));
        static final ElementMatcher.Junction<MethodDescription> HANDLE_SUCCESS = named("handleSuccess").and(takesArguments(3));
        static final ElementMatcher.Junction<MethodDescription> HANDLE_ERROR = named("handleError").and(takesArguments(2))
                .and(takesArgument(1, Throwable.class));
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

    /** An asynchronous call of one key (or none: a bucket's): noted for the request it makes. */
    public static class AsyncAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.This RObject object, @Advice.Origin("#m") String method) {
            return AsyncCacheCall.enter(object.getName(), method, 1);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Enter long start, @Advice.Return RFuture<?> future, @Advice.Thrown Throwable error) {
            AsyncCacheCall.returned(start, future == null ? null : future.toCompletableFuture(), error);
        }
    }

    /** {@code getAllAsync(keys)} and {@code fastRemoveAsync(keys...)}: as {@link AsyncAdvice}, for each key. */
    public static class BulkAsyncAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.This RObject map, @Advice.Origin("#m") String method, @Advice.Argument(0) Object keys) {
            return AsyncCacheCall.enter(map.getName(), method,
                    keys instanceof Set ? ((Set<?>) keys).size() : keys instanceof Object[] ? ((Object[]) keys).length : 0);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Enter long start, @Advice.Return RFuture<?> future, @Advice.Thrown Throwable error) {
            AsyncCacheCall.returned(start, future == null ? null : future.toCompletableFuture(), error);
        }
    }

    /** {@code deleteAsync()} of a bucket (every Redisson object has it; only buckets count). */
    public static class BucketDeleteAsyncAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.This Object object) {
            return object instanceof RedissonBucket ? AsyncCacheCall.enter(((RedissonBucket<?>) object).getName(), "deleteAsync", 1)
                    : CacheRecorder.INNER_CALL;
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object object, @Advice.Enter long start, @Advice.Return RFuture<?> future,
                @Advice.Thrown Throwable error) {
            if (object instanceof RedissonBucket) {
                AsyncCacheCall.returned(start, future == null ? null : future.toCompletableFuture(), error);
            }
        }
    }

    /** A request made while an app's asynchronous call waits on this thread takes the call over ({@link AsyncCacheCall#takenBy}). */
    public static class RequestCreatedAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.FieldValue("command") RedisCommand<?> command, @AddedField.Value("call") AsyncCacheCall call) {
            call = AsyncCacheCall.takenBy(command.getName());
        }
    }

    /** The reply of a request that answers for an app's call ({@link AsyncCacheCall#answered}). */
    public static class RequestSucceededAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static boolean enter(@Advice.FieldValue("command") RedisCommand<?> command, @Advice.Argument(2) Object result,
                @AddedField.Value("call") AsyncCacheCall call) {
            if (call == null) {
                return false;
            }
            AsyncCacheCall answered = call;
            call = null;
            return answered.answered(command.getName(), result);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Enter boolean handedOn) {
            AsyncCacheCall.handled(handedOn);
        }
    }

    /** A request that answers for an app's call failed ({@link AsyncCacheCall#refused}). */
    public static class RequestFailedAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static boolean enter(@Advice.FieldValue("command") RedisCommand<?> command, @Advice.Argument(1) Throwable cause,
                @AddedField.Value("call") AsyncCacheCall call) {
            if (call == null) {
                return false;
            }
            AsyncCacheCall refused = call;
            call = null;
            return refused.refused(command.getName(), cause);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Enter boolean handedOn) {
            AsyncCacheCall.handled(handedOn);
        }
    }
}
