package io.bytemeter.instrumentation.memcached;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import com.google.code.yanf4j.core.Session;
import io.bytemeter.bootstrap.CacheRecorder;
import io.bytemeter.bootstrap.MemcachedCommands;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.LibraryShape;
import io.bytemeter.instrumentation.Transformations;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;
import net.rubyeye.xmemcached.XMemcachedClient;
import net.rubyeye.xmemcached.command.Command;
import net.rubyeye.xmemcached.command.CommandType;
import net.rubyeye.xmemcached.networking.MemcachedSession;

/**
 * xmemcached 2.x: its API waits for every answer on the calling thread (bar the {@code ...WithNoReply}
 * methods, which wait for none), so each command is timed and read where {@code XMemcachedClient}
 * sends it, in the few private methods every public one goes through: one key's get or gets
 * ({@code fetch0}), many keys' ({@code getMulti0}), every storage command ({@code sendStoreCommand}),
 * delete ({@code delete0}) and incr/decr ({@code sendIncrOrDecrCommand}). A call is counted as the
 * app made it: xmemcached merges concurrent gets of one key into one request, which the server
 * then counts once. A client is named by its servers' addresses, sorted.
 */
public final class XmemcachedInstrumentation implements Instrumentation {

    private static final String CLIENT = "net.rubyeye.xmemcached.XMemcachedClient";

    @Override
    public String name() {
        return "xmemcached";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(CLIENT);
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        Map<String, ElementMatcher<? super MethodDescription>> required = new LinkedHashMap<>();
        required.put("fetch0(String, byte[], CommandType, long, Transcoder)", Methods.FETCH);
        required.put("getMulti0(Collection, long, CommandType, Transcoder)", Methods.GET_MULTI);
        required.put("sendStoreCommand(Command, long)", Methods.STORE);
        required.put("delete0(String, int, long, boolean, long)", Methods.DELETE);
        required.put("sendIncrOrDecrCommand(String, long, long, CommandType, boolean, long, int)", Methods.INCR_DECR);
        return builder
                .type(named(CLIENT).and(new LibraryShape(name(), required)))
                .transform(new InlineAdvice()
                        .advice(isConstructor(), adviceName("ClientAdvice"))
                        .advice(Methods.FETCH, adviceName("FetchAdvice"))
                        .advice(Methods.GET_MULTI, adviceName("GetMultiAdvice"))
                        .advice(Methods.STORE, adviceName("StoreAdvice"))
                        .advice(Methods.DELETE, adviceName("DeleteAdvice"))
                        .advice(Methods.INCR_DECR, adviceName("IncrDecrAdvice")));
    }

    private static String adviceName(String simpleName) {
        return XmemcachedInstrumentation.class.getName() + "$" + simpleName;
    }

    private static final class Methods {
        static final ElementMatcher.Junction<MethodDescription> FETCH = named("fetch0").and(takesArguments(5))
                .and(takesArgument(2, named("net.rubyeye.xmemcached.command.CommandType")));
        static final ElementMatcher.Junction<MethodDescription> GET_MULTI = named("getMulti0").and(takesArguments(4))
                .and(takesArgument(0, Collection.class));
        static final ElementMatcher.Junction<MethodDescription> STORE = named("sendStoreCommand").and(takesArguments(2))
                .and(takesArgument(0, named("net.rubyeye.xmemcached.command.Command")));
        static final ElementMatcher.Junction<MethodDescription> DELETE = named("delete0").and(takesArguments(5));
        static final ElementMatcher.Junction<MethodDescription> INCR_DECR = named("sendIncrOrDecrCommand").and(takesArguments(7));
    }

    /**
     * A client came into being: named by the addresses of the servers it connected to, sorted
     * (every constructor; the first to end names it).
     */
    public static class ClientAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This XMemcachedClient client) {
            List<InetSocketAddress> servers = new ArrayList<>();
            for (Session session : client.getConnector().getSessionSet()) {
                servers.add(((MemcachedSession) session).getInetSocketAddressWrapper().getInetSocketAddress());
            }
            if (!servers.isEmpty()) {
                CacheRecorder.registerRemote(client, "net.rubyeye.xmemcached.", MemcachedCommands.serverName(servers));
            }
        }
    }

    /** {@code get} or {@code gets} of one key: a hit when a value came back. */
    public static class FetchAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.startRemoteOutsideFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object client, @Advice.Argument(0) String key, @Advice.Argument(2) CommandType type,
                @Advice.Enter long start, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object value,
                @Advice.Thrown Throwable error) {
            if (start != CacheRecorder.INNER_CALL) {
                MemcachedCommands.get(client, type == CommandType.GETS_ONE ? "gets" : "get", key, value != null,
                        MemcachedCommands.outcome(error), start);
            }
        }
    }

    /** {@code get} or {@code gets} of many keys: each key a hit or a miss. */
    public static class GetMultiAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.startRemoteOutsideFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object client, @Advice.Argument(0) Collection<String> keys, @Advice.Enter long start,
                @Advice.Return Map<String, ?> found, @Advice.Thrown Throwable error) {
            if (start != CacheRecorder.INNER_CALL && keys != null && !keys.isEmpty()) {
                int hits = found == null ? 0 : found.size();
                MemcachedCommands.getMulti(client, hits, keys.size() - hits,
                        MemcachedCommands.outcome(error), start);
            }
        }
    }

    /** {@code set}, {@code add}, {@code replace}, {@code append}, {@code prepend}, {@code cas}: one put each, stored or not. */
    public static class StoreAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.startRemoteOutsideFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object client, @Advice.Argument(0) Command command, @Advice.Enter long start,
                @Advice.Thrown Throwable error) {
            if (start != CacheRecorder.INNER_CALL) {
                CommandType type = command.getCommandType();
                // constants, not name().toLowerCase(): a string made per put
                String name = type == CommandType.SET ? "set" : type == CommandType.ADD ? "add" : type == CommandType.REPLACE ? "replace"
                        : type == CommandType.APPEND ? "append" : type == CommandType.PREPEND ? "prepend" : "cas";
                MemcachedCommands.store(client, name, CacheRecorder.keysWanted() ? command.getKey() : null,
                        MemcachedCommands.outcome(error), start);
            }
        }
    }

    /** {@code delete}: removed when the server said so. */
    public static class DeleteAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.startRemoteOutsideFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object client, @Advice.Argument(3) boolean noreply, @Advice.Enter long start,
                @Advice.Return boolean removed, @Advice.Thrown Throwable error) {
            if (start != CacheRecorder.INNER_CALL) {
                MemcachedCommands.delete(client, error != null ? MemcachedCommands.outcome(error)
                        : noreply ? "NOREPLY" : removed ? "SUCCESS" : "ERR_NOT_FOUND", start);
            }
        }
    }

    /** {@code incr} and {@code decr} (one per command sent: a counter that did not exist is added, and counted as a put). */
    public static class IncrDecrAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.startRemoteOutsideFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object client, @Advice.Argument(3) CommandType type, @Advice.Enter long start,
                @Advice.Thrown Throwable error) {
            if (start != CacheRecorder.INNER_CALL) {
                MemcachedCommands.command(client, type == CommandType.DECR ? "decr" : "incr", MemcachedCommands.outcome(error), start);
            }
        }
    }
}
