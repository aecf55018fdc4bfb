package io.bytemeter.instrumentation.jdk;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bytemeter.bootstrap.IdRecorder;
import io.bytemeter.bootstrap.Timing;
import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.Transformations;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * The JDK's {@code java.util.UUID.randomUUID()} and {@code nameUUIDFromBytes(byte[])}, with no
 * setting: each a generator named by its method. {@code UUID} is loaded by the bootstrap class
 * loader before premain, so it is retransformed, and it is the one bootstrap type this
 * instrumentation asks the agent to stop ignoring ({@link #bootstrapTypes()}). The advice names
 * its generator with a string constant of the method's name, which the JVM interns: the sink finds
 * its series by identity, as for any generator instance. UUIDs made before the sinks are installed (the JDK's
 * own start-up) reach the no-op recorder; the agent makes none once they are. Produces:
 *
 * <pre>
 * id_generated_total{generator="UUID.randomUUID"} 20000.0
 * id_generation_duration_seconds_bucket{generator="UUID.randomUUID",le="1.0E-6"} 19000
 * </pre>
 */
public final class UuidInstrumentation implements Instrumentation {

    @Override
    public String name() {
        return "jdk-uuid";
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        return Candidates.named("java.util.UUID");
    }

    @Override
    public Set<String> bootstrapTypes() {
        return Set.of("java.util.UUID");
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        return builder
                .type(named("java.util.UUID"))
                .transform(new InlineAdvice()
                        .advice(named("randomUUID").and(isStatic()).and(takesArguments(0))
                                .or(named("nameUUIDFromBytes").and(isStatic()).and(takesArguments(byte[].class))),
                                getClass().getName() + "$GenerateAdvice"));
    }

    /**
     * The generator is the method itself, as an interned constant: {@code "java.util.UUID.randomUUID"},
     * shown as {@code UUID.randomUUID}.
     */
    public static class GenerateAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.startId();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Origin("#t.#m") String generator, @Advice.Enter long start,
                @Advice.Thrown Throwable error) {
            if (error == null) {
                IdRecorder.generatedOpaque(generator, start);
            } else {
                IdRecorder.failed(generator, error, start);
            }
        }
    }
}
