package io.bytemeter.instrumentation.memcached;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.CacheRecorder;
import io.bytemeter.bootstrap.MemcachedCommands;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.LibraryShape;
import io.bytemeter.instrumentation.Transformations;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.spy.memcached.MemcachedConnection;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.OperationTimeoutException;
import net.spy.memcached.internal.OperationFuture;
import net.spy.memcached.ops.CASOperation;
import net.spy.memcached.ops.ConcatenationOperation;
import net.spy.memcached.ops.DeleteOperation;
import net.spy.memcached.ops.GetAndTouchOperation;
import net.spy.memcached.ops.GetOperation;
import net.spy.memcached.ops.GetsOperation;
import net.spy.memcached.ops.KeyedOperation;
import net.spy.memcached.ops.Mutator;
import net.spy.memcached.ops.MutatorOperation;
import net.spy.memcached.ops.Operation;
import net.spy.memcached.ops.OperationStatus;
import net.spy.memcached.ops.StoreOperation;
import net.spy.memcached.ops.TouchOperation;

/**
 * spymemcached 2.x: every operation is counted when the server's answer reaches its future, on the
 * client's I/O thread, whether or not the app waits for it ({@code set} is often fired and
 * forgotten): {@code OperationFuture.set(value, status)} sees each single-key operation with its
 * result, {@code BulkGetFuture.signalComplete()} a {@code getBulk} with every key's. A future does
 * not know its client, but its operation knows the server node it went to; the client registers
 * its nodes as its own when it is built, so that every operation counts for the client, named by
 * its servers' addresses, sorted. Latency is from the request written to the answer read
 * ({@code Operation.getWriteCompleteTimestamp()}): the client's own queue is not in it.
 */
public final class SpymemcachedInstrumentation implements Instrumentation {

    private static final String CLIENT = "net.spy.memcached.MemcachedClient";
    private static final String FUTURE = "net.spy.memcached.internal.OperationFuture";
    private static final String BULK_FUTURE = "net.spy.memcached.internal.BulkGetFuture";

    @Override
    public String name() {
        return "spymemcached";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(CLIENT, FUTURE, BULK_FUTURE);
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        return builder
                .type(named(CLIENT).and(new LibraryShape(name(), Map.of("MemcachedClient(ConnectionFactory, List)", Methods.CONSTRUCTOR),
                        List.of("mconn"))))
                .transform(new InlineAdvice()
                        .advice(Methods.CONSTRUCTOR, adviceName("ClientAdvice"))
                        .advice(Methods.MUTATE, adviceName("MutateAdvice")))
                .type(named(FUTURE).and(new LibraryShape(name(), Map.of("set(Object, OperationStatus)", Methods.SET,
                        "setOperation(Operation)", Methods.SET_OPERATION), List.of("op", "status", "objRef"))))
                .transform(new InlineAdvice()
                        .advice(Methods.SET, adviceName("ResultAdvice"))
                        .advice(Methods.SET_OPERATION, adviceName("LateOperationAdvice")))
                .type(named(BULK_FUTURE).and(new LibraryShape(name(), Map.of("signalComplete()", Methods.SIGNAL_COMPLETE),
                        List.of("rvMap", "ops", "status"))))
                .transform(new InlineAdvice().advice(Methods.SIGNAL_COMPLETE, adviceName("BulkResultAdvice")));
    }

    private static String adviceName(String simpleName) {
        return SpymemcachedInstrumentation.class.getName() + "$" + simpleName;
    }

    private static final class Methods {
        static final ElementMatcher.Junction<MethodDescription> CONSTRUCTOR = isConstructor().and(takesArguments(2))
                .and(takesArgument(0, named("net.spy.memcached.ConnectionFactory"))).and(takesArgument(1, List.class));
        static final ElementMatcher.Junction<MethodDescription> SET = named("set").and(takesArguments(2))
                .and(takesArgument(1, named("net.spy.memcached.ops.OperationStatus")));
        static final ElementMatcher.Junction<MethodDescription> SET_OPERATION = named("setOperation").and(takesArguments(1));
        /** The synchronous {@code incr}/{@code decr}, which waits on a latch of its own, with no future. */
        static final ElementMatcher.Junction<MethodDescription> MUTATE = named("mutate").and(takesArguments(5))
                .and(takesArgument(0, named("net.spy.memcached.ops.Mutator")));
        static final ElementMatcher.Junction<MethodDescription> SIGNAL_COMPLETE = named("signalComplete").and(takesArguments(0));
    }

    /** A client came into being: named by its servers' addresses, sorted, and its nodes report for it. */
    public static class ClientAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object client, @Advice.Argument(1) List<InetSocketAddress> servers,
                @Advice.FieldValue("mconn") MemcachedConnection connection) {
            CacheRecorder.registerRemote(client, "net.spy.memcached.", MemcachedCommands.serverName(servers));
            for (MemcachedNode node : connection.getLocator().getAll()) {
                CacheRecorder.alias(node, client);
            }
        }
    }

    /**
     * One single-key operation answered (or timed out, or cancelled): what it was and what it found.
     * An operation can fail more than once (the app's wait times out, then the lost connection
     * cancels it): only its first outcome counts as an error, as the app saw one. An answer that
     * comes after a timeout still counts: the server did the work.
     */
    public static class ResultAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static OperationStatus enter(@Advice.FieldValue("status") OperationStatus previous) {
            return previous;
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This OperationFuture<?> future, @Advice.Argument(0) Object value,
                @Advice.Argument(1) OperationStatus status, @Advice.FieldValue("op") Operation op,
                @Advice.Enter OperationStatus previous) {
            if (op == null || status == null) {
                return; // an operation the connection has, but its future not yet: LateOperationAdvice
            }
            MemcachedNode node = op.getHandlingNode();
            if (node == null) {
                return;
            }
            long start = MemcachedCommands.start(op.getWriteCompleteTimestamp());
            String code = MemcachedCommands.outcome(status.getStatusCode());
            if (previous != null && !MemcachedCommands.isAnswer(code)) {
                return;
            }
            String key = CacheRecorder.keysWanted() ? future.getKey() : null;
            if (op instanceof GetOperation || op instanceof GetsOperation || op instanceof GetAndTouchOperation) {
                MemcachedCommands.get(node, op instanceof GetOperation ? "get" : op instanceof GetsOperation ? "gets" : "gat", key,
                        status.isSuccess() && value != null, code, start);
            } else if (op instanceof StoreOperation) {
                MemcachedCommands.store(node, ((StoreOperation) op).getStoreType().name(), key, code, start);
            } else if (op instanceof CASOperation) {
                MemcachedCommands.store(node, "cas", key, code, start);
            } else if (op instanceof ConcatenationOperation) {
                MemcachedCommands.store(node, ((ConcatenationOperation) op).getStoreType().name(), key, code, start);
            } else if (op instanceof DeleteOperation) {
                MemcachedCommands.delete(node, code, start);
            } else if (op instanceof MutatorOperation) {
                MemcachedCommands.command(node, ((MutatorOperation) op).getType().name(), code, start);
            } else if (op instanceof TouchOperation) {
                MemcachedCommands.command(node, "touch", code, start);
            }
        }
    }

    /**
     * The asynchronous {@code incr}/{@code decr} hands its operation to the connection before it
     * gives it to its future, so the answer may come first, while the future has no operation yet:
     * counted here, when the operation arrives. (Both at once, each seeing the other's write, could
     * count one twice: a window of a few instructions on two threads.)
     */
    public static class LateOperationAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Argument(0) Operation op, @Advice.FieldValue("status") OperationStatus status) {
            if (status != null && op instanceof MutatorOperation && op.getHandlingNode() != null) {
                String code = MemcachedCommands.outcome(status.getStatusCode());
                MemcachedCommands.command(op.getHandlingNode(), ((MutatorOperation) op).getType().name(), code,
                        MemcachedCommands.start(op.getWriteCompleteTimestamp()));
            }
        }
    }

    /** The synchronous {@code incr}/{@code decr}: timed on the app's thread; a timeout is an error as the app sees it. */
    public static class MutateAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.startRemoteOutsideFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object client, @Advice.Argument(0) Mutator mutator, @Advice.Enter long start,
                @Advice.Thrown Throwable error) {
            if (start != CacheRecorder.INNER_CALL) {
                MemcachedCommands.command(client, mutator.name(), error instanceof OperationTimeoutException ? "TIMEDOUT"
                        : MemcachedCommands.outcome(error), start);
            }
        }
    }

    /** A {@code getBulk} answered: every key a hit or a miss, as the server counts them. */
    public static class BulkResultAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.FieldValue("rvMap") Map<String, Future<?>> found,
                @Advice.FieldValue("ops") Collection<Operation> ops, @Advice.FieldValue("status") OperationStatus status) {
            MemcachedNode node = null;
            int requested = 0;
            long written = 0;
            for (Operation op : ops) {
                if (op.getHandlingNode() != null) {
                    node = op.getHandlingNode();
                }
                if (op instanceof KeyedOperation) {
                    requested += ((KeyedOperation) op).getKeys().size();
                }
                long at = op.getWriteCompleteTimestamp();
                if (at != 0 && (written == 0 || at < written)) {
                    written = at;
                }
            }
            if (node != null && status != null) {
                String code = MemcachedCommands.outcome(status.getStatusCode());
                MemcachedCommands.getMulti(node, found.size(), requested - found.size(), code, MemcachedCommands.start(written));
            }
        }
    }
}
