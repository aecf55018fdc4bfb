package io.bytemeter.smoke.messaging;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.RedisServer;
import io.bytemeter.smoke.fixtures.VanishingRedisStreamApp;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Redis stream used as a queue, as the messaging family sees it, when its server goes away under
 * a Jedis app, on one connection or a pool: each {@code XADD} the app saw fail is one error, by the
 * type the app caught, and the app carries on. (The streams' counts against the server's own, through Jedis and Lettuce, are
 * checked with the other Redis clients in {@code RedisSmokeTest}.)
 */
class RedisStreamSmokeTest extends AbstractMessagingSmokeTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aServerThatGoesAwayCountsTheSendsTheAppSawFail(boolean pooled) throws Exception {
        RedisServer server = RedisServer.start(dir);
        assertFailedSendsAgree(server, () -> DemoProcess.startFixture(VanishingRedisStreamApp.class, "-Dredis.port=" + server.port,
                "-Dredis.pooled=" + pooled), "orders", 20, 10);
    }

    @Override
    String system() {
        return "redis";
    }
}
