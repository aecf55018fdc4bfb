package io.bytemeter.instrumentation.mybatisplus;

import io.bytemeter.bootstrap.IdRecorder;
import io.bytemeter.instrumentation.SnowflakeInstrumentation;
import net.bytebuddy.asm.Advice;

/**
 * MyBatis-Plus 3's {@code com.baomidou.mybatisplus.core.toolkit.Sequence}, the Snowflake behind
 * {@code IdWorker.getId()} and {@code DefaultIdentifierGenerator}, with no setting:
 * {@code nextId()} is one ID or one failure; {@code tilNextMillis} an overflow and its spin a wait;
 * {@code timeGen()} reading a clock behind {@code lastTimestamp} is a clock step back,
 * {@code waited} when the step is at most 5 ms (MyBatis-Plus waits twice the step and reads
 * again), {@code failed} when it throws ("Clock moved backwards. Refusing to generate id").
 * The generator behind {@code IdWorker} is named by the {@code IdWorker} method the app called
 * ({@code IdWorker.getId}); one the app built, where it built it. Produces:
 *
 * <pre>
 * id_generated_total{datacenter="7",generator="IdWorker.getId",worker="12"} 100000.0
 * id_clock_backward_total{datacenter="7",generator="IdWorker.getId",outcome="waited",worker="12"} 1.0
 * </pre>
 */
public final class MybatisPlusSequenceInstrumentation extends SnowflakeInstrumentation {

    public MybatisPlusSequenceInstrumentation() {
        super("com.baomidou.mybatisplus.core.toolkit.Sequence", "timeGen", CLOCK_READ_WAITED, "datacenterId");
    }

    @Override
    public String name() {
        return "mybatis-plus-sequence";
    }

    public static class ConstructorAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object generator, @Advice.FieldValue("workerId") long worker,
                @Advice.FieldValue("datacenterId") long datacenter) {
            IdRecorder.register(generator, "com.baomidou.", "com.baomidou.mybatisplus.core.toolkit.IdWorker",
                    worker, datacenter);
        }
    }
}
