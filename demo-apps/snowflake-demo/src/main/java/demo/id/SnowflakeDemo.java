package demo.id;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * Two Snowflake generators behind an HTTP {@code /generate} endpoint. The workload makes IDs from
 * several threads, steps the clock back now and then (a little, within tolerance, and a lot, past
 * it), and calls its own endpoint. The "careful" generator waits out small steps; the "legacy"
 * one carries on and hands out smaller IDs. Prints its own counts, then stays up unless
 * {@code -Ddemo.exit=true}.
 *
 * <p>Settings: {@code demo.threads} (4), {@code demo.ids} per thread and generator (50000),
 * {@code demo.port} (8080; 0 picks a free one), {@code demo.requests} (20).
 */
public final class SnowflakeDemo {

    public static void main(String[] args) throws Exception {
        int threads = Integer.getInteger("demo.threads", 4);
        int idsPerThread = Integer.getInteger("demo.ids", 50_000);
        int requests = Integer.getInteger("demo.requests", 20);
        SkewableClock clock = new SkewableClock();
        Snowflake careful = careful(clock);
        Snowflake legacy = legacy(clock);
        LongAdder carefulIds = new LongAdder();
        LongAdder legacyIds = new LongAdder();
        LongAdder carefulClockErrors = new LongAdder();
        LongAdder legacyClockErrors = new LongAdder();

        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("demo.port", 8080)), 0);
        server.createContext("/generate", exchange -> {
            byte[] body;
            int status;
            try {
                body = (careful.nextId() + "\n").getBytes(StandardCharsets.UTF_8);
                carefulIds.increment();
                status = 200;
            } catch (ClockMovedBackwardsException e) {
                carefulClockErrors.increment();
                body = (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
                status = 503;
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("snowflake-demo: GET http://127.0.0.1:" + server.getAddress().getPort() + "/generate");

        int phases = 6;
        for (int phase = 0; phase < phases; phase++) {
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                workers[t] = new Thread(() -> {
                    for (int i = 0; i < idsPerThread / phases; i++) {
                        nextId(legacy, legacyIds, legacyClockErrors);
                        nextId(careful, carefulIds, carefulClockErrors);
                    }
                }, "id-worker-" + t);
                workers[t].start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            clock.stepBack(phase % 3 == 1 ? 30 : 3);
        }

        // one thread alone on one generator, faster than 4,096 IDs a millisecond once compiled: it goes on until
        // its sequence has run out, however busy the machine was during the phases above (50,000 IDs were not
        // always enough on a slow machine, still running them interpreted)
        long waitsBefore = careful.sequenceWaits();
        for (int i = 0; i < 5_000_000 && (i % 1_000 != 0 || careful.sequenceWaits() == waitsBefore); i++) {
            nextId(careful, carefulIds, carefulClockErrors);
        }

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/generate");
        for (int i = 0; i < requests; i++) {
            client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
        }

        System.out.println("snowflake-demo counts: careful.generated=" + carefulIds.sum()
                + " careful.clock_errors=" + carefulClockErrors.sum() + " careful.regressions=" + careful.regressions()
                + " careful.sequence_waits=" + careful.sequenceWaits() + " legacy.generated=" + legacyIds.sum()
                + " legacy.clock_errors=" + legacyClockErrors.sum() + " legacy.regressions=" + legacy.regressions()
                + " legacy.sequence_waits=" + legacy.sequenceWaits());
        if (!Boolean.getBoolean("demo.exit")) {
            System.out.println("snowflake-demo: workload done; staying up for scrapes, Ctrl-C to stop");
            Thread.currentThread().join();
        }
        server.stop(0);
    }

    /** Waits out small clock steps: the agent names it {@code SnowflakeDemo#careful}, where it is built. */
    private static Snowflake careful(SkewableClock clock) {
        return new Snowflake(1, clock, 5, true);
    }

    /** Carries on through small clock steps and may hand out smaller IDs. */
    private static Snowflake legacy(SkewableClock clock) {
        return new Snowflake(2, clock, 5, false);
    }

    private static void nextId(Snowflake generator, LongAdder ids, LongAdder clockErrors) {
        try {
            generator.nextId();
            ids.increment();
        } catch (ClockMovedBackwardsException e) {
            clockErrors.increment();
            sleepOneMilli();
        }
    }

    private static void sleepOneMilli() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
