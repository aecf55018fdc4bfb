package io.bytemeter.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The bytes one benchmark call allocates on the calling thread alone, which is where the agent's
 * inlined advice runs: JMH's {@code gc.alloc.rate.norm} counts every thread of the JVM, and a
 * client's own I/O threads vary by more from fork to fork than advice that allocates nothing would
 * add. Runs each {@code @Benchmark} method of the class named by its argument (after its
 * {@code @Setup}, 2,000 calls to warm up, then 10,000 measured) and prints bytes per call; run it
 * once without {@code -javaagent} and once with, giving the benchmark's server as its
 * {@code -Dbench.*} property: {@code java -cp benchmarks/target/benchmarks.jar
 * io.bytemeter.benchmarks.CallingThreadAllocation RocketMqGrpcBenchmark}.
 */
public final class CallingThreadAllocation {

    private static final int WARM_UP = 2_000;
    private static final int MEASURED = 10_000;

    public static void main(String[] args) throws Throwable {
        if (args.length != 1) {
            System.err.println("usage: CallingThreadAllocation <benchmark class, e.g. RocketMqGrpcBenchmark>");
            System.exit(2);
        }
        String name = args[0].contains(".") ? args[0] : CallingThreadAllocation.class.getPackageName() + "." + args[0];
        Class<?> type = Class.forName(name);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        for (Method benchmark : annotated(type, Benchmark.class)) {
            Object state = type.getDeclaredConstructor().newInstance();
            invokeAll(state, Setup.class);
            try {
                for (int i = 0; i < WARM_UP; i++) {
                    benchmark.invoke(state);
                }
                long before = threads.getThreadAllocatedBytes(self);
                for (int i = 0; i < MEASURED; i++) {
                    benchmark.invoke(state);
                }
                long bytes = threads.getThreadAllocatedBytes(self) - before;
                System.out.printf("%s.%s: %.1f B per call on the calling thread%n", type.getSimpleName(), benchmark.getName(),
                        (double) bytes / MEASURED);
            } finally {
                invokeAll(state, TearDown.class);
            }
        }
    }

    private static List<Method> annotated(Class<?> type, Class<? extends java.lang.annotation.Annotation> annotation) {
        List<Method> methods = new ArrayList<>();
        for (Method method : type.getMethods()) {
            if (method.isAnnotationPresent(annotation)) {
                methods.add(method);
            }
        }
        methods.sort((a, b) -> a.getName().compareTo(b.getName()));
        return methods;
    }

    private static void invokeAll(Object state, Class<? extends java.lang.annotation.Annotation> annotation) throws Exception {
        for (Method method : annotated(state.getClass(), annotation)) {
            method.invoke(state);
        }
    }
}
