package io.bytemeter.instrumentation;

import io.bytemeter.bootstrap.IdRecorder;
import io.bytemeter.bootstrap.Timing;
import net.bytebuddy.asm.Advice;

/**
 * Advice that ID libraries share, where {@code this} is the generator. Referred to by name, like all
 * advice, so the agent's class loader never loads it.
 */
public final class LibraryIdAdvice {

    private LibraryIdAdvice() {}

    public static final String CREATE_OPAQUE = LibraryIdAdvice.class.getName() + "$CreateOpaque";

    /** A method that returns one ID that is not a number (a UUID, a TSID): one ID, or one failure. */
    public static class CreateOpaque {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return Timing.startId();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Object generator, @Advice.Enter long start, @Advice.Thrown Throwable error) {
            if (error == null) {
                IdRecorder.generatedOpaque(generator, start);
            } else {
                IdRecorder.failed(generator, error, start);
            }
        }
    }
}
