package io.bytemeter.benchmarks;

import java.util.UUID;

/**
 * {@link HelloApp} that first makes one {@code UUID.randomUUID()}, as nearly every real app, Kafka
 * client and framework does at start: the JDK class the agent instruments with no setting, so its
 * start-up includes the agent's first transformation.
 */
public final class UuidHelloApp {

    public static void main(String[] args) throws Exception {
        System.out.println("id " + UUID.randomUUID());
        HelloApp.main(args);
    }
}
