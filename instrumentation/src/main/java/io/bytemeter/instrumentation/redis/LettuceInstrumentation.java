package io.bytemeter.instrumentation.redis;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.CacheRecorder;
import io.bytemeter.bootstrap.RedisCommands;
import io.bytemeter.bootstrap.RedisStreams;
import io.bytemeter.bootstrap.RemoteCommand;
import io.bytemeter.bootstrap.ValuesFound;
import io.bytemeter.instrumentation.AddedField;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.LibraryShape;
import io.bytemeter.instrumentation.Transformations;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.CommandWrapper;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Lettuce 6 and 7, every command: synchronous, asynchronous (whether or not anyone waits for its
 * future) and reactive, counted and timed when it completes. Each of these is, at its core, one
 * {@code io.lettuce.core.protocol.Command}, which gains two fields ({@link AddedField}): when it was
 * made, on the app's thread (or that it was made inside a facade such as Spring's
 * {@code RedisCache}, which counts the call itself), and the connection endpoint it was handed to
 * ({@code DefaultEndpoint.write}, on the app's thread, which sets it through {@link RemoteCommand},
 * an interface the class gains with the fields), whether the endpoint then writes it or holds it
 * while it reconnects. Its {@code complete}, {@code completeExceptionally} and {@code cancel} then
 * read it ({@link RedisCommands}) once, whichever comes first: a reply, an error reply or a failure
 * by its exception's type, a cancellation as {@code CancellationException}. No allocation, no lock.
 * Connections are named from the {@code RedisURI} they were opened with. A stream used as a queue
 * is messaging ({@code messaging_system="redis"}): an {@code XADD} made through the async API (which
 * the sync API calls; {@code xadd} hands the key, as the app gave it, to the command it makes) a
 * send, each entry an {@code XREAD} or {@code XREADGROUP} returns a receive with its age, each entry
 * an {@code XACK} acknowledged a settlement. A {@code Command} class loaded before the agent
 * attached cannot gain the fields: then Lettuce is not counted.
 */
public final class LettuceInstrumentation implements Instrumentation {

    private static final String CLIENT = "io.lettuce.core.RedisClient";
    private static final String ENDPOINT = "io.lettuce.core.protocol.DefaultEndpoint";
    private static final String COMMAND = "io.lettuce.core.protocol.Command";
    private static final String ASYNC_COMMANDS = "io.lettuce.core.AbstractRedisAsyncCommands";
    private static final String KEY_VALUE_OUTPUT = "io.lettuce.core.output.KeyValueListOutput";

    @Override
    public String name() {
        return "lettuce";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(CLIENT, ENDPOINT, COMMAND, ASYNC_COMMANDS, KEY_VALUE_OUTPUT);
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        InlineAdvice command = new InlineAdvice(AddedField.advice())
                .advice(Methods.CREATE, adviceName("CreateAdvice"))
                .advice(Methods.COMPLETE, adviceName("CompleteAdvice"))
                .advice(Methods.COMPLETE_EXCEPTIONALLY, adviceName("CompleteExceptionallyAdvice"))
                .advice(Methods.CANCEL, adviceName("CancelAdvice"));
        InlineAdvice keyValues = new InlineAdvice(AddedField.advice()).advice(Methods.SET_BYTES, adviceName("ValueDecodedAdvice"));
        return builder
                .type(named(CLIENT))
                .transform(new InlineAdvice().advice(Methods.CONNECT, adviceName("ConnectAdvice")))
                .type(named(ENDPOINT).and(new LibraryShape(name(), Map.of("RedisCommand write(RedisCommand)", Methods.WRITE,
                        "Collection write(Collection)", Methods.WRITE_ALL))))
                .transform(new InlineAdvice()
                        .advice(Methods.WRITE, adviceName("WriteAdvice"))
                        .advice(Methods.WRITE_ALL, adviceName("WriteAllAdvice")))
                .type(named(COMMAND).and(new LibraryShape(name(), Map.of("Command(ProtocolKeyword, CommandOutput, CommandArgs)",
                        Methods.CREATE, "void complete()", Methods.COMPLETE, "boolean completeExceptionally(Throwable)",
                        Methods.COMPLETE_EXCEPTIONALLY, "void cancel()", Methods.CANCEL))))
                .transformAddingField((b, type, loader, module, domain) -> command.transform(
                        b.visit(AddedField.adder(AddedField.COMMAND_START, AddedField.COMMAND_CLIENT, AddedField.COMMAND_DESTINATION))
                                .visit(AddedField.COMMAND_CLIENT.setter(RemoteCommand.class)), type, loader, module, domain),
                        (b, type, loader, module, domain) -> b)
                .type(named(ASYNC_COMMANDS))
                .transform(new InlineAdvice().advice(Methods.XADD, adviceName("XaddAdvice")))
                .type(named(KEY_VALUE_OUTPUT).and(new LibraryShape(name(), Map.of("void set(ByteBuffer)", Methods.SET_BYTES), List.of("keys"))))
                .transformAddingField((b, type, loader, module, domain) -> keyValues.transform(
                        b.visit(AddedField.adder(AddedField.VALUES_FOUND)).visit(AddedField.VALUES_FOUND.getter(ValuesFound.class)),
                        type, loader, module, domain),
                        (b, type, loader, module, domain) -> b);
    }

    private static String adviceName(String simpleName) {
        return LettuceInstrumentation.class.getName() + "$" + simpleName;
    }

    private static final class Methods {
        static final ElementMatcher.Junction<MethodDescription> CONNECT = named("connectStatefulAsync")
                .and(takesArgument(1, named("io.lettuce.core.protocol.Endpoint")))
                .and(takesArgument(2, named("io.lettuce.core.RedisURI")));
        static final ElementMatcher.Junction<MethodDescription> WRITE = named("write").and(takesArguments(1))
                .and(takesArgument(0, named("io.lettuce.core.protocol.RedisCommand")));
        static final ElementMatcher.Junction<MethodDescription> WRITE_ALL = named("write").and(takesArguments(1))
                .and(takesArgument(0, Collection.class));
        static final ElementMatcher.Junction<MethodDescription> CREATE = isConstructor().and(takesArguments(3));
        static final ElementMatcher.Junction<MethodDescription> XADD = named("xadd").and(takesArgument(0, Object.class));
        static final ElementMatcher.Junction<MethodDescription> COMPLETE = named("complete").and(takesArguments(0));
        static final ElementMatcher.Junction<MethodDescription> COMPLETE_EXCEPTIONALLY = named("completeExceptionally")
                .and(takesArguments(1));
        static final ElementMatcher.Junction<MethodDescription> CANCEL = named("cancel").and(takesArguments(0));
        static final ElementMatcher.Junction<MethodDescription> SET_BYTES = named("set").and(takesArguments(1))
                .and(takesArgument(0, ByteBuffer.class));
    }

    /** A standalone connection is about to connect to {@code redisURI}: that names the series of its endpoint. */
    public static class ConnectAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(1) Object endpoint, @Advice.Argument(2) RedisURI uri) {
            String host = uri.getSocket() != null ? uri.getSocket() : uri.getHost();
            CacheRecorder.registerRemote(endpoint, "io.lettuce.",
                    RedisCommands.serverName(uri.getClientName(), host, uri.getPort(), uri.getDatabase()));
        }
    }

    /** A command handed to an endpoint, to write now or once it reconnects: it counts for this endpoint. */
    public static class WriteAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object endpoint, @Advice.Argument(0) RedisCommand<?, ?, ?> command) {
            RedisCommand<?, ?, ?> core = CommandWrapper.unwrap(command);
            if (core instanceof RemoteCommand) {
                ((RemoteCommand) core).bytemeter$client(endpoint);
            }
        }
    }

    /** Commands handed to an endpoint together (a pipeline flushed at once). */
    public static class WriteAllAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object endpoint, @Advice.Argument(0) Collection<? extends RedisCommand<?, ?, ?>> commands) {
            for (RedisCommand<?, ?, ?> command : commands) {
                RedisCommand<?, ?, ?> core = CommandWrapper.unwrap(command);
                if (core instanceof RemoteCommand) {
                    ((RemoteCommand) core).bytemeter$client(endpoint);
                }
            }
        }
    }

    /** Made on the app's thread: when, or that a facade counts it; an {@code XADD}, the stream the app named. */
    public static class CreateAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Argument(0) ProtocolKeyword type, @AddedField.Value("start") long start,
                @AddedField.Value("destination") Object destination) {
            start = CacheRecorder.startRemoteOutsideFacade();
            if (type == CommandType.XADD) {
                destination = RedisStreams.appendingTo();
            }
        }
    }

    /** The app's {@code xadd}: the command it makes on this thread appends to this key. */
    public static class XaddAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) Object stream) {
            RedisStreams.appending(stream);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit() {
            RedisStreams.appending(null);
        }
    }

    /** One value of a multi-key read decoded, for the key at its place ({@code keys} set: an {@code MGET}'s): a hit if it was there. */
    public static class ValueDecodedAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.FieldValue("keys") Object keys, @Advice.Argument(0) ByteBuffer bytes,
                @AddedField.Value("found") int found) {
            if (keys != null && bytes != null) {
                found++;
            }
        }
    }

    /** The reply decoded: a value, or an error reply. */
    public static class CompleteAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Command<?, ?, ?> command, @AddedField.Value("start") long start,
                @AddedField.Value("client") Object client, @AddedField.Value("destination") Object destination) {
            if (client == null || start == CacheRecorder.INNER_CALL) {
                return;
            }
            Object endpoint = client;
            client = null;
            ProtocolKeyword type = command.getType();
            String name = RedisCommands.name(type);
            CommandOutput<?, ?, ?> output = command.getOutput();
            if (type == CommandType.XADD || type == CommandType.XREAD || type == CommandType.XREADGROUP || type == CommandType.XACK) {
                // a stream used as a queue: messaging (an error reply on an XADD is the send's error)
                boolean failed = output != null && output.hasError();
                Object result = output == null || failed ? null : output.get();
                if (type == CommandType.XADD) {
                    if (destination instanceof String && failed) {
                        RedisStreams.refused((String) destination, "io.lettuce.core.RedisCommandExecutionException", start);
                    } else if (destination instanceof String) {
                        RedisStreams.sent((String) destination, null, start);
                    }
                } else if (type == CommandType.XACK) {
                    RedisStreams.acknowledged(result);
                } else if (result instanceof List) {
                    List<?> messages = (List<?>) result;
                    long now = System.currentTimeMillis();
                    long readStart = start;
                    for (int i = 0; i < messages.size(); i++) {
                        Object each = messages.get(i);
                        if (each instanceof StreamMessage && ((StreamMessage<?, ?>) each).getStream() instanceof String) {
                            StreamMessage<?, ?> message = (StreamMessage<?, ?>) each;
                            readStart = RedisStreams.received((String) message.getStream(), RedisStreams.idTime(message.getId()), now,
                                    readStart);
                        }
                    }
                }
                return;
            }
            if (output != null && output.hasError()) {
                CacheRecorder.error(endpoint, name, "RedisCommandExecutionException");
                return;
            }
            Object result = output == null ? null : output.get();
            int argCount = command.getArgs() != null ? command.getArgs().count() : 0;
            if (name.equals("MGET") && output instanceof ValuesFound) {
                // counted as decoded: a reactive MGET streams its values to the subscriber, not into the output
                int hits = ((ValuesFound) output).bytemeter$found();
                CacheRecorder.gets(endpoint, hits, argCount - hits, start);
            } else if (name.equals("MGET")) {
                return; // an output class loaded before the agent attached: its hits are not known
            } else {
                Object key = CacheRecorder.keysWanted() && command.getArgs() != null ? command.getArgs().getFirstEncodedKey() : null;
                RedisCommands.record(endpoint, name, argCount, key, result, null, start);
            }
        }
    }

    /** Failed before a reply (a timeout, a connection lost), or failed by an error reply an async command turned into an exception. */
    public static class CompleteExceptionallyAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Command<?, ?, ?> command, @Advice.Argument(0) Throwable error,
                @AddedField.Value("start") long start, @AddedField.Value("client") Object client,
                @AddedField.Value("destination") Object destination) {
            if (client != null && error != null && start != CacheRecorder.INNER_CALL) {
                Object endpoint = client;
                client = null;
                ProtocolKeyword type = command.getType();
                if (type == CommandType.XADD) {
                    if (destination instanceof String) {
                        RedisStreams.sent((String) destination, error, start);
                    }
                } else if (type != CommandType.XREAD && type != CommandType.XREADGROUP && type != CommandType.XACK) {
                    CacheRecorder.error(endpoint, RedisCommands.name(type), error);
                }
            }
        }
    }

    /** Cancelled by the app (or a reactive subscriber that went away) before its reply. */
    public static class CancelAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Command<?, ?, ?> command, @AddedField.Value("start") long start,
                @AddedField.Value("client") Object client) {
            if (client != null && start != CacheRecorder.INNER_CALL) {
                Object endpoint = client;
                client = null;
                ProtocolKeyword type = command.getType();
                CacheRecorder.error(endpoint, RedisCommands.name(type), "CancellationException");
            }
        }
    }
}
