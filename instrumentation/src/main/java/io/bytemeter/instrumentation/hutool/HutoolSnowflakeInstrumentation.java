package io.bytemeter.instrumentation.hutool;

import io.bytemeter.bootstrap.IdRecorder;
import io.bytemeter.instrumentation.SnowflakeInstrumentation;
import net.bytebuddy.asm.Advice;

/**
 * Hutool 5's {@code cn.hutool.core.lang.Snowflake}, with no setting: {@code nextId()} (which
 * {@code nextIdStr()} and {@code IdUtil.getSnowflakeNextId()} call) is one ID or one failure;
 * {@code tilNextMillis}, where it spins when 4096 IDs were made in one millisecond, is an overflow
 * and a wait; {@code genTime()} reading a clock behind {@code lastTimestamp} is a clock step back,
 * {@code reused} when it is within {@code timeOffset} (Hutool goes on with its last timestamp),
 * {@code failed} when Hutool throws {@code IllegalStateException("Clock moved backwards...")}.
 * A generator is named where the app built it, or by the {@code IdUtil} method that shares it.
 * Produces:
 *
 * <pre>
 * id_generated_total{datacenter="1",generator="OrderService#&lt;init&gt;",worker="3"} 100000.0
 * id_sequence_overflows_total{datacenter="1",generator="OrderService#&lt;init&gt;",worker="3"} 12.0
 * id_clock_backward_total{datacenter="1",generator="OrderService#&lt;init&gt;",outcome="reused",worker="3"} 1.0
 * </pre>
 */
public final class HutoolSnowflakeInstrumentation extends SnowflakeInstrumentation {

    public HutoolSnowflakeInstrumentation() {
        super("cn.hutool.core.lang.Snowflake", "genTime", CLOCK_READ_REUSED, "dataCenterId");
    }

    @Override
    public String name() {
        return "hutool-snowflake";
    }

    public static class ConstructorAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object generator, @Advice.FieldValue("workerId") long worker,
                @Advice.FieldValue("dataCenterId") long datacenter) {
            IdRecorder.register(generator, "cn.hutool.", "cn.hutool.core.util.IdUtil", worker, datacenter);
        }
    }
}
