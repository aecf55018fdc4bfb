package io.bytemeter.instrumentation.redis;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.CacheRecorder;
import io.bytemeter.bootstrap.RedisCommands;
import io.bytemeter.bootstrap.RedisStreams;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.Transformations;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Jedis 5 to 8: every command that {@code Jedis}, {@code JedisPooled} or {@code UnifiedJedis} runs
 * reaches {@code Connection.executeCommand(CommandObject)} on the calling thread, where it is timed
 * and read ({@link RedisCommands}). Connections are named by the server they talk to, or the client
 * name the app configured ({@code initializeFromClientConfig}); one opened without a configuration
 * is named from its socket when it first records. Commands queued in a {@code Pipeline} or
 * {@code Transaction} do not pass there and are not counted. A stream used as a queue is messaging
 * ({@code messaging_system="redis"}, the stream key as destination): an {@code XADD} is a message
 * sent, each entry an {@code XREAD} or {@code XREADGROUP} returns a message received (its age from
 * its ID's time), each entry an {@code XACK} acknowledged a settlement. A pool that cannot lend a
 * connection (the server gone) fails a command before it reaches a connection: an {@code XADD} that
 * fails so, at the pool's or the sentinel pool's {@code getConnection}, is a send error too.
 */
public final class JedisInstrumentation implements Instrumentation {

    private static final String CONNECTION = "redis.clients.jedis.Connection";
    private static final String POOLED = "redis.clients.jedis.providers.PooledConnectionProvider";
    private static final String SENTINELED = "redis.clients.jedis.providers.SentineledConnectionProvider";

    @Override
    public String name() {
        return "jedis";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(CONNECTION, POOLED, SENTINELED);
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        return builder
                .type(named(CONNECTION))
                .transform(new InlineAdvice()
                        .advice(Methods.EXECUTE, JedisInstrumentation.class.getName() + "$ExecuteAdvice")
                        .advice(Methods.INITIALIZE, JedisInstrumentation.class.getName() + "$InitializeAdvice"))
                .type(named(POOLED).or(named(SENTINELED)))
                .transform(new InlineAdvice().advice(Methods.BORROW, JedisInstrumentation.class.getName() + "$BorrowAdvice"));
    }

    private static final class Methods {
        static final ElementMatcher.Junction<MethodDescription> EXECUTE = named("executeCommand")
                .and(takesArguments(1)).and(takesArgument(0, named("redis.clients.jedis.CommandObject")));
        static final ElementMatcher.Junction<MethodDescription> INITIALIZE = named("initializeFromClientConfig")
                .and(takesArguments(1));
        static final ElementMatcher.Junction<MethodDescription> BORROW = named("getConnection").and(takesArguments(1))
                .and(takesArgument(0, named("redis.clients.jedis.CommandArguments")));
    }

    public static class ExecuteAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.startRemoteOutsideFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object connection, @Advice.Argument(0) CommandObject<?> command,
                @Advice.Enter long start, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
                @Advice.Thrown Throwable error) {
            if (start == CacheRecorder.INNER_CALL) {
                return;
            }
            CommandArguments arguments = command.getArguments();
            ProtocolCommand type = arguments.getCommand();
            String name = RedisCommands.name(type);
            if (name.equals("XADD")) {
                List<Object> keys = arguments.getKeys();
                if (!keys.isEmpty() && keys.get(0) instanceof String) {
                    RedisStreams.sent((String) keys.get(0), error, start);
                }
            } else if (name.equals("XREAD") || name.equals("XREADGROUP")) {
                // each entry read is a message received from its stream, its age from its ID; the read's duration once
                Iterable<?> streams = result instanceof Map ? ((Map<?, ?>) result).entrySet() : result instanceof List ? (List<?>) result : null;
                if (error == null && streams != null) {
                    long now = System.currentTimeMillis();
                    long readStart = start;
                    for (Object each : streams) {
                        Object stream = each instanceof Map.Entry ? ((Map.Entry<?, ?>) each).getKey() : null;
                        Object entries = each instanceof Map.Entry ? ((Map.Entry<?, ?>) each).getValue() : null;
                        if (stream instanceof String && entries instanceof List) {
                            List<?> list = (List<?>) entries;
                            for (int i = 0; i < list.size(); i++) {
                                Object entry = list.get(i);
                                readStart = RedisStreams.received((String) stream,
                                        entry instanceof StreamEntry ? ((StreamEntry) entry).getID().getTime() : -1, now, readStart);
                            }
                        }
                    }
                }
            } else if (name.equals("XACK")) {
                if (error == null) {
                    RedisStreams.acknowledged(result);
                }
            } else {
                List<Object> keys = CacheRecorder.keysWanted() ? arguments.getKeys() : null;
                RedisCommands.record(connection, name, arguments.size() - 1, keys == null || keys.isEmpty() ? null : keys.get(0),
                        result, error, start);
            }
        }
    }

    /** A pool that could not lend a connection for an {@code XADD}: the send failed before any connection saw it (not timed). */
    public static class BorrowAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Argument(0) CommandArguments arguments, @Advice.Thrown Throwable error) {
            if (error != null && arguments != null && RedisCommands.name(arguments.getCommand()).equals("XADD")) {
                List<Object> keys = arguments.getKeys();
                if (!keys.isEmpty() && keys.get(0) instanceof String) {
                    RedisStreams.sent((String) keys.get(0), error, Timing.NOT_TIMED);
                }
            }
        }
    }

    /** A connection opened with a client configuration: its database and client name are known. */
    public static class InitializeAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object connection, @Advice.Argument(0) JedisClientConfig config,
                @Advice.FieldValue("socket") Socket socket) {
            InetSocketAddress server = (InetSocketAddress) socket.getRemoteSocketAddress();
            CacheRecorder.registerRemote(connection, "redis.clients.jedis.", RedisCommands.serverName(
                    config.getClientName(), server.getHostString(), server.getPort(), config.getDatabase()));
        }
    }
}
