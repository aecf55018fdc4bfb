package io.bytemeter.smoke.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.Scrape;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What a client can do to the endpoint, tried while a demo works: requests that never finish,
 * trickle in, are malformed or oversized, use other methods and near-miss paths, all at once
 * with well-behaved scrapes. The scrapes keep answering within a second, the bad requests get
 * their status (never an echo of what they sent), idle half-sent connections are closed after
 * {@code bytemeter.exporter.timeout}, and the demo's counts stay exact.
 */
class EndpointHardeningSmokeTest {

    /** Operations per demo thread: enough that the demo works through the whole attack. */
    private static final int OPS = 8_000_000;
    /** Sets the cache demo makes before its workload. */
    private static final long PREPOPULATED = 10_000;
    private static final String HALF_SENT = "GET /metrics HTTP/1.1\r\nHost: bytemeter\r\n";

    @Test
    void badClientsNeitherStopScrapesNorTouchTheApp() throws Exception {
        try (DemoProcess demo = DemoProcess.startDemo("cache-demo", "-Ddemo.ops=" + OPS, "-Dbytemeter.exporter.timeout=2")) {
            int port = demo.metricsPort();
            List<Socket> halfSent = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.getOutputStream().write(HALF_SENT.getBytes(StandardCharsets.US_ASCII));
                halfSent.add(socket);
            }
            AtomicBoolean attacking = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(12);
            try {
                List<Future<?>> trickles = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    trickles.add(clients.submit(() -> trickle(port, attacking)));
                }
                List<Future<Long>> scrapes = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    scrapes.add(clients.submit(() -> slowestOf(20, port)));
                }

                assertEquals(400, status(port, "HELLO\r\n\r\n"));
                assertEquals(400, status(port, "GET metrics HTTP/1.1\r\n\r\n"));
                String hugePath = "/" + "x".repeat(100_000);
                String answer = exchange(port, "GET " + hugePath + " HTTP/1.1\r\n\r\n");
                assertTrue(answer.startsWith("HTTP/1.1 414 "), answer);
                assertTrue(answer.length() < 1000, "a refusal does not echo the request: " + answer.length() + " bytes");
                StringBuilder manyHeaders = new StringBuilder("GET /metrics HTTP/1.1\r\n");
                for (int i = 0; i < 300; i++) {
                    manyHeaders.append("X-Filler-").append(i).append(": ").append("y".repeat(100)).append("\r\n");
                }
                assertEquals(431, status(port, manyHeaders.append("\r\n").toString()));
                assertEquals(405, status(port, "POST /metrics HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"));
                assertEquals(405, status(port, "PUT /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n"));
                assertEquals(404, status(port, "GET /metrics/ HTTP/1.1\r\n\r\n"));
                assertEquals(404, status(port, "GET /metricsfoo HTTP/1.1\r\n\r\n"));
                String notFound = exchange(port, "GET /<script>alert(1)</script> HTTP/1.1\r\n\r\n");
                assertFalse(notFound.contains("script"), notFound);
                assertEquals(200, status(port, "HEAD /metrics HTTP/1.1\r\n\r\n"));

                for (Future<Long> scrape : scrapes) {
                    long slowest = scrape.get(60, TimeUnit.SECONDS);
                    assertTrue(slowest < 1000, "a well-behaved scrape took " + slowest + " ms");
                }
                for (Socket socket : halfSent) {
                    socket.setSoTimeout(10_000);
                    assertEquals(-1, socket.getInputStream().read(), "a request never finished is closed, and nothing is answered");
                    socket.close();
                }
                attacking.set(false);
                for (Future<?> trickle : trickles) {
                    trickle.get(30, TimeUnit.SECONDS);
                }
            } finally {
                // also when an assertion fails: no client keeps trickling at a demo that is gone
                attacking.set(false);
                clients.shutdownNow();
                for (Socket socket : halfSent) {
                    socket.close();
                }
            }

            Map<String, Long> counts = demo.counts();
            Scrape scrape = demo.scrape();
            assertEquals(counts.get("gets"), scrape.count("cache_gets_total", "cache", "sessions"));
            assertEquals(counts.get("hits"), scrape.count("cache_gets_total", "cache", "sessions", "result", "hit"));
            assertEquals(counts.get("sets"), scrape.count("cache_puts_total", "cache", "sessions"));
            assertEquals(4L * OPS, counts.get("gets") + counts.get("sets") - PREPOPULATED + counts.get("deletes"), "the whole workload ran");
            assertTrue(demo.isAlive());
        }
    }

    /** Sends a request one byte every 300 ms until told to stop or the server closes the connection. */
    private static Void trickle(int port, AtomicBoolean attacking) throws IOException, InterruptedException {
        byte[] request = HALF_SENT.getBytes(StandardCharsets.US_ASCII);
        while (attacking.get()) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                OutputStream out = socket.getOutputStream();
                for (int i = 0; attacking.get(); i = (i + 1) % request.length) {
                    out.write(request[i]);
                    out.flush();
                    Thread.sleep(300);
                }
            } catch (IOException closedByTheServer) {
                // as it should be, after the timeout: start again
            }
        }
        return null;
    }

    /** Scrapes {@code times} times in a row, each a new connection; returns the slowest, in milliseconds. */
    private static long slowestOf(int times, int port) throws IOException {
        long slowest = 0;
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            Scrape.Response response = Scrape.get(port, "/metrics", null);
            slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
            assertEquals(200, response.status());
            assertTrue(response.body().contains("bytemeter_instrumentations"), response.body());
        }
        return slowest;
    }

    private static int status(int port, String request) throws IOException {
        String answer = exchange(port, request);
        assertTrue(answer.startsWith("HTTP/1.1 "), answer);
        return Integer.parseInt(answer.substring(9, 12));
    }

    /** Sends {@code request} on a new connection and reads the answer to the end (the server closes it). */
    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException refusedMidway) {
                // the server may answer and close before a huge request is all sent; its answer is still there
            }
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
