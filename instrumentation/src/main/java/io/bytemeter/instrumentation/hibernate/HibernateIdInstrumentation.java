package io.bytemeter.instrumentation.hibernate;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.IdRecorder;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.LibraryShape;
import io.bytemeter.instrumentation.Transformations;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Hibernate ORM 6 and 7's ID generators, each named by the entity it makes IDs for. A
 * {@code SequenceStyleGenerator} (a sequence, or a table where the database has none, behind every
 * optimizer: none, pooled, pooled-lo, hilo) counts each {@code generate} as one ID; the block its
 * optimizer fetches when one runs out is its database structure's {@code getNextValue}, an
 * anonymous callback that holds the structure in {@code this$0}: one fetch, timed as the round trip
 * it is. A {@code UuidGenerator} (and the older {@code UUIDGenerator}) counts its IDs. An
 * {@code IdentityGenerator} makes none: the database does, on insert; the insert delegate it hands
 * its entity's persister is aliased to it, and each row that delegate inserts counts as one ID, with
 * no duration (the insert's time is not the generator's). The three classes that declare
 * {@code performMutation} (none calls another's) are each advised: the identity path of a
 * {@code persist}; an HQL {@code insert ... select} goes another way and is not counted.
 */
public final class HibernateIdInstrumentation implements Instrumentation {

    private static final String SEQUENCE_STYLE = "org.hibernate.id.enhanced.SequenceStyleGenerator";
    private static final String SEQUENCE_CALLBACK = "org.hibernate.id.enhanced.SequenceStructure$1";
    private static final String TABLE_CALLBACK = "org.hibernate.id.enhanced.TableStructure$1";
    private static final String UUID = "org.hibernate.id.uuid.UuidGenerator";
    private static final String LEGACY_UUID = "org.hibernate.id.UUIDGenerator";
    private static final String IDENTITY = "org.hibernate.id.IdentityGenerator";
    private static final String RETURNING = "org.hibernate.id.insert.AbstractReturningDelegate";
    private static final String SELECTING = "org.hibernate.id.insert.AbstractSelectingDelegate";
    private static final String GENERATED_KEYS = "org.hibernate.id.insert.GetGeneratedKeysDelegate";

    @Override
    public String name() {
        return "hibernate-id";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named(SEQUENCE_STYLE, SEQUENCE_CALLBACK, TABLE_CALLBACK, UUID, LEGACY_UUID, IDENTITY, RETURNING, SELECTING,
                GENERATED_KEYS);
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        return builder
                .type(named(SEQUENCE_STYLE).and(new LibraryShape(name(), Map.of("configure(.., Properties, ..)", Methods.CONFIGURE,
                        "Object generate(SharedSessionContractImplementor, Object)", Methods.GENERATE), List.of("databaseStructure"))))
                .transform(new InlineAdvice()
                        .advice(Methods.CONFIGURE, adviceName("ConfigureAdvice"))
                        .advice(Methods.GENERATE, adviceName("GenerateAdvice")))
                .type(named(SEQUENCE_CALLBACK).or(named(TABLE_CALLBACK))
                        .and(new LibraryShape(name(), Map.of("IntegralDataTypeHolder getNextValue()", Methods.NEXT_VALUE), List.of("this$0"))))
                .transform(new InlineAdvice().advice(Methods.NEXT_VALUE, adviceName("NextValueAdvice")))
                .type(named(UUID).and(new LibraryShape(name(), Map.of("Object generate(SharedSessionContractImplementor, Object, Object, EventType)",
                        Methods.GENERATE_ON_EVENT))))
                .transform(new InlineAdvice().advice(Methods.GENERATE_ON_EVENT, adviceName("GenerateAdvice")))
                .type(named(LEGACY_UUID).and(new LibraryShape(name(), Map.of("Object generate(SharedSessionContractImplementor, Object)",
                        Methods.GENERATE))))
                .transform(new InlineAdvice().advice(Methods.GENERATE, adviceName("GenerateAdvice")))
                .type(named(IDENTITY).and(new LibraryShape(name(), Map.of("InsertGeneratedIdentifierDelegate getGeneratedIdentifierDelegate(..)",
                        Methods.DELEGATE))))
                .transform(new InlineAdvice().advice(Methods.DELEGATE, adviceName("DelegateAdvice")))
                .type(named(RETURNING).or(named(SELECTING)).or(named(GENERATED_KEYS)).and(new LibraryShape(name(),
                        Map.of("GeneratedValues performMutation(PreparedStatementDetails, JdbcValueBindings, Object, SharedSessionContractImplementor)",
                                Methods.PERFORM_MUTATION))))
                .transform(new InlineAdvice().advice(Methods.PERFORM_MUTATION, adviceName("InsertAdvice")));
    }

    private String adviceName(String simpleName) {
        return getClass().getName() + "$" + simpleName;
    }

    /** The generator knows its entity and has built its database structure: it shows under the entity's name. */
    public static class ConfigureAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object generator, @Advice.Argument(1) Properties parameters,
                @Advice.FieldValue("databaseStructure") Object structure) {
            IdRecorder.registerBlocks(generator, parameters.getProperty("entity_name"), structure);
        }
    }

    /** One ID for the entity in argument 1 (the entity being persisted), or one failure. */
    public static class GenerateAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.startId();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object generator, @Advice.Argument(1) Object entity, @Advice.Enter long start,
                @Advice.Thrown Throwable error) {
            if (error == null) {
                IdRecorder.generatedFor(generator, entity, start);
            } else {
                IdRecorder.failed(generator, error, start);
            }
        }
    }

    /** A block of IDs from the database: always timed, being a round trip; a failed one shows as the generator's error. */
    public static class NextValueAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return System.nanoTime();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.FieldValue("this$0") Object structure, @Advice.Enter long start, @Advice.Thrown Throwable error) {
            if (error == null) {
                IdRecorder.blockFetched(structure, start);
            }
        }
    }

    /** The insert delegate an identity generator hands a persister: its inserts are this generator's IDs. */
    public static class DelegateAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object generator, @Advice.Return Object delegate) {
            IdRecorder.alias(delegate, generator);
        }
    }

    /** A row inserted through a delegate: one ID the database made, if the delegate is an identity generator's. */
    public static class InsertAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object delegate, @Advice.Argument(2) Object entity, @Advice.Thrown Throwable error) {
            if (error == null) {
                IdRecorder.generatedByDatabase(delegate, entity);
            }
        }
    }

    /** Method matchers, apart so that loading the instrumentation for its name and candidates loads no Byte Buddy. */
    private static final class Methods {
        static final String SESSION = "org.hibernate.engine.spi.SharedSessionContractImplementor";
        static final ElementMatcher.Junction<MethodDescription> CONFIGURE = named("configure").and(takesArgument(1, Properties.class));
        static final ElementMatcher.Junction<MethodDescription> GENERATE = named("generate").and(takesArguments(2))
                .and(takesArgument(0, named(SESSION))).and(takesArgument(1, Object.class));
        static final ElementMatcher.Junction<MethodDescription> GENERATE_ON_EVENT = named("generate").and(takesArguments(4))
                .and(takesArgument(0, named(SESSION))).and(takesArgument(1, Object.class));
        static final ElementMatcher.Junction<MethodDescription> NEXT_VALUE = named("getNextValue").and(takesArguments(0));
        static final ElementMatcher.Junction<MethodDescription> DELEGATE = named("getGeneratedIdentifierDelegate").and(takesArguments(1));
        static final ElementMatcher.Junction<MethodDescription> PERFORM_MUTATION = named("performMutation").and(takesArguments(4))
                .and(takesArgument(2, Object.class));

        private Methods() {}
    }
}
