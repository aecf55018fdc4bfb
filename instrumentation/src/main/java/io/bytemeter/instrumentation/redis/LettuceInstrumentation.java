package io.bytemeter.instrumentation.redis;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.CacheRecorder;
import io.bytemeter.bootstrap.RedisCommands;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.Transformations;
import io.lettuce.core.AbstractRedisAsyncCommands;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisURI;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Lettuce 6 and 7, for commands the calling thread waits for: the synchronous API
 * ({@code connection.sync()}) and callers that wait through {@code LettuceFutures.awaitOrCancel}, as
 * Spring Data Redis does. A command is noted when it is dispatched ({@code AbstractRedisAsyncCommands.dispatch})
 * and timed and read ({@link RedisCommands}) when the same thread's wait for it returns
 * ({@code Futures.awaitOrCancel}): no allocation, no lock, and the wait's thread is the one a
 * facade (Spring's {@code RedisCache}) runs on. Connections are named from the {@code RedisURI}
 * they were opened with. Asynchronous and reactive commands that nothing waits for in that way are not counted.
 */
public final class LettuceInstrumentation implements Instrumentation {

    private static final String CLIENT = "io.lettuce.core.RedisClient";
    private static final String ASYNC_COMMANDS = "io.lettuce.core.AbstractRedisAsyncCommands";
    private static final String FUTURES = "io.lettuce.core.internal.Futures";

    @Override
    public String name() {
        return "lettuce";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(CLIENT, ASYNC_COMMANDS, FUTURES);
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        return builder
                .type(named(CLIENT))
                .transform(advice(Methods.CONNECT, "ConnectAdvice"))
                .type(named(ASYNC_COMMANDS))
                .transform(advice(Methods.DISPATCH, "DispatchAdvice"))
                .type(named(FUTURES))
                .transform(advice(Methods.AWAIT, "AwaitAdvice"));
    }

    private static Transformations.Transformer advice(ElementMatcher<? super MethodDescription> methods, String simpleName) {
        return new InlineAdvice()
                .advice(methods, LettuceInstrumentation.class.getName() + "$" + simpleName);
    }

    private static final class Methods {
        static final ElementMatcher.Junction<MethodDescription> CONNECT = named("connectStatefulAsync")
                .and(takesArgument(0, named("io.lettuce.core.StatefulRedisConnectionImpl")))
                .and(takesArgument(2, named("io.lettuce.core.RedisURI")));
        static final ElementMatcher.Junction<MethodDescription> DISPATCH = named("dispatch")
                .and(takesArguments(1)).and(takesArgument(0, named("io.lettuce.core.protocol.RedisCommand")));
        static final ElementMatcher.Junction<MethodDescription> AWAIT = named("awaitOrCancel").and(isStatic())
                .and(takesArguments(3)).and(takesArgument(0, named("io.lettuce.core.RedisFuture")));
    }

    /** A standalone connection is about to connect to {@code redisURI}: that names its series. */
    public static class ConnectAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) Object connection, @Advice.Argument(2) RedisURI uri) {
            String host = uri.getSocket() != null ? uri.getSocket() : uri.getHost();
            CacheRecorder.registerRemote(connection, "io.lettuce.",
                    RedisCommands.serverName(uri.getClientName(), host, uri.getPort(), uri.getDatabase()));
        }
    }

    public static class DispatchAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CacheRecorder.startRemoteOutsideFacade();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This AbstractRedisAsyncCommands<?, ?> commands, @Advice.Enter long start,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object dispatched) {
            CacheRecorder.remoteDispatched(commands.getConnection(), dispatched, start);
        }
    }

    public static class AwaitAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Argument(0) Object future, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
                @Advice.Thrown Throwable error) {
            Object connection = CacheRecorder.remoteClient(future);
            if (connection == null || !(future instanceof RedisCommand)) {
                return;
            }
            long start = CacheRecorder.remoteDispatchStart();
            RedisCommand<?, ?, ?> command = (RedisCommand<?, ?, ?>) future;
            ProtocolKeyword type = command.getType();
            String name = type instanceof Enum ? ((Enum<?>) type).name() : "OTHER";
            int argCount = command.getArgs() != null ? command.getArgs().count() : 0;
            if (error == null && name.equals("MGET") && result instanceof List) {
                List<?> values = (List<?>) result;
                int hits = 0;
                for (int i = 0; i < values.size(); i++) {
                    Object value = values.get(i);
                    if (value instanceof KeyValue && ((KeyValue<?, ?>) value).hasValue()) {
                        hits++;
                    }
                }
                CacheRecorder.gets(connection, hits, values.size() - hits, start);
            } else {
                RedisCommands.record(connection, name, argCount, result, error, start);
            }
        }
    }
}
