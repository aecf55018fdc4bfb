package io.bytemeter.smoke.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bytemeter.smoke.DemoProcess;
import io.bytemeter.smoke.PrometheusServer;
import io.bytemeter.smoke.Scrape;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint locked with basic auth and TLS, scraped by a real Prometheus and by plain HTTP
 * clients: the right credentials get the metrics (equal to the demo's counts), a wrong password
 * or none gets 401, plain HTTP to the TLS port gets nothing, and no secret reaches the log.
 */
class EndpointSecuritySmokeTest {

    private static final String USER = "prometheus";
    private static final String PASSWORD = "s3cret-scrape";
    private static final String STORE_PASSWORD = "store-pass-42";

    @Test
    void prometheusScrapesOverTlsWithBasicAuthAndAWrongPasswordIsRefused(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("server.p12");
        Path certificate = selfSignedKeyStore(keyStore, "PKCS12");
        String salt = "pepper";
        String hash = "sha256:" + salt + ":" + hex(MessageDigest.getInstance("SHA-256").digest((salt + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));

        try (DemoProcess demo = DemoProcess.startDemo("cache-demo", "-Ddemo.ops=20000",
                "-Dbytemeter.exporter.tls.keystore=" + keyStore, "-Dbytemeter.exporter.tls.keystore.password=" + STORE_PASSWORD,
                "-Dbytemeter.exporter.auth.username=" + USER, "-Dbytemeter.exporter.auth.password.hash=" + hash,
                "-Dbytemeter.exporter.health.public=true")) {
            Map<String, Long> counts = demo.counts();
            int port = demo.metricsPort();
            assertTrue(demo.hasLine("serving metrics on https://0.0.0.0:" + port + "/metrics, basic auth required"), demo.output());
            SSLContext trusting = context(certificate, null);

            assertEquals(401, https(trusting, port, "/metrics", null).status);
            assertEquals(401, https(trusting, port, "/metrics", basic(USER, "wrong")).status);
            assertEquals(401, https(trusting, port, "/metrics", basic("someone", PASSWORD)).status);
            Answer scrape = https(trusting, port, "/metrics", basic(USER, PASSWORD));
            assertEquals(200, scrape.status);
            assertEquals(counts.get("gets"), new Scrape(scrape.body).count("cache_gets_total", "cache", "sessions"));
            assertEquals(200, https(trusting, port, "/health", null).status, "health is public when allowed");
            assertThrows(IOException.class, () -> Scrape.get(port, "/metrics", null), "plain HTTP on the TLS port gets no answer");
            assertThrows(IOException.class, () -> https(SSLContext.getDefault(), port, "/metrics", basic(USER, PASSWORD)),
                    "a client that does not trust the certificate does not connect");

            String jobs = "  - job_name: right\n    scheme: https\n    basic_auth: {username: " + USER + ", password: " + PASSWORD + "}\n"
                    + "    tls_config: {ca_file: " + certificate + "}\n    static_configs: [{targets: ['127.0.0.1:" + port + "']}]\n"
                    + "  - job_name: wrong\n    scheme: https\n    basic_auth: {username: " + USER + ", password: nope}\n"
                    + "    tls_config: {ca_file: " + certificate + "}\n    static_configs: [{targets: ['127.0.0.1:" + port + "']}]\n"
                    + "  - job_name: plain\n    static_configs: [{targets: ['127.0.0.1:" + port + "']}]\n";
            try (PrometheusServer prometheus = PrometheusServer.start(dir, jobs)) {
                String targets = prometheus.await(Duration.ofSeconds(30),
                        answer -> health(answer, "right").equals("up") && health(answer, "wrong").equals("down")
                                && health(answer, "plain").equals("down"),
                        prometheus::targets);
                assertTrue(lastError(targets, "wrong").contains("401"), targets);
                String value = prometheus.await(Duration.ofSeconds(30), answer -> answer.contains("\"value\""),
                        () -> prometheus.query("sum(cache_gets_total{job=\"right\",cache=\"sessions\"})"));
                assertEquals(counts.get("gets"), Math.round(Double.parseDouble(sampleValue(value))), value);
            }
            String output = demo.output();
            for (String secret : List.of(PASSWORD, STORE_PASSWORD, hash)) {
                assertFalse(output.contains(secret), "a secret in the log:\n" + output);
            }
        }
    }

    @Test
    void clientsWithoutACertificateTheCaSignedAreRefused(@TempDir Path dir) throws Exception {
        Path serverCert = dir.resolve("server.pem");
        Path serverKey = dir.resolve("server-key.pem");
        Path clientCert = dir.resolve("client.pem");
        Path clientKey = dir.resolve("client-key.pem");
        Path clientStore = dir.resolve("client.p12");
        for (Path[] pair : new Path[][] {{serverCert, serverKey}, {clientCert, clientKey}}) {
            run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", pair[1].toString(), "-out", pair[0].toString(), "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        }
        run("openssl", "pkcs12", "-export", "-in", clientCert.toString(), "-inkey", clientKey.toString(), "-out", clientStore.toString(),
                "-passout", "pass:" + STORE_PASSWORD);

        try (DemoProcess demo = DemoProcess.startDemo("cache-demo", "-Ddemo.ops=20000",
                "-Dbytemeter.exporter.tls.certificate=" + serverCert, "-Dbytemeter.exporter.tls.key=" + serverKey,
                "-Dbytemeter.exporter.tls.client.ca=" + clientCert)) {
            Map<String, Long> counts = demo.counts();
            int port = demo.metricsPort();
            assertThrows(IOException.class, () -> https(context(serverCert, null), port, "/metrics", null),
                    "no client certificate, no connection");
            Answer scrape = https(context(serverCert, clientStore), port, "/metrics", null);
            assertEquals(200, scrape.status);
            assertEquals(counts.get("gets"), new Scrape(scrape.body).count("cache_gets_total", "cache", "sessions"));

            String jobs = "  - job_name: mutual\n    scheme: https\n    tls_config: {ca_file: " + serverCert + ", cert_file: " + clientCert
                    + ", key_file: " + clientKey + "}\n    static_configs: [{targets: ['127.0.0.1:" + port + "']}]\n";
            try (PrometheusServer prometheus = PrometheusServer.start(dir, jobs)) {
                String value = prometheus.await(Duration.ofSeconds(30), answer -> answer.contains("\"value\""),
                        () -> prometheus.query("sum(cache_gets_total{job=\"mutual\",cache=\"sessions\"})"));
                assertEquals(counts.get("gets"), Math.round(Double.parseDouble(sampleValue(value))), value);
            }
        }
    }

    @Test
    void aJksStoreAndAPlainPasswordWithHealthBehindTheCredentials(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("server.jks");
        Path certificate = selfSignedKeyStore(keyStore, "JKS");
        try (DemoProcess demo = DemoProcess.startDemo("cache-demo", "-Ddemo.ops=20000",
                "-Dbytemeter.exporter.tls.keystore=" + keyStore, "-Dbytemeter.exporter.tls.keystore.type=JKS",
                "-Dbytemeter.exporter.tls.keystore.password=" + STORE_PASSWORD,
                "-Dbytemeter.exporter.auth.username=" + USER, "-Dbytemeter.exporter.auth.password=" + PASSWORD)) {
            Map<String, Long> counts = demo.counts();
            int port = demo.metricsPort();
            SSLContext trusting = context(certificate, null);
            assertEquals(401, https(trusting, port, "/health", null).status, "health needs the credentials unless made public");
            Answer health = https(trusting, port, "/health", basic(USER, PASSWORD));
            assertEquals(200, health.status);
            assertTrue(health.body.contains("\"status\":\"up\""), health.body);
            Answer scrape = https(trusting, port, "/metrics", basic(USER, PASSWORD));
            assertEquals(counts.get("sets"), new Scrape(scrape.body).count("cache_puts_total", "cache", "sessions"));
            assertFalse(demo.output().contains(PASSWORD) || demo.output().contains(STORE_PASSWORD), demo.output());
        }
    }

    @Test
    void authOrTlsSettingsThatDoNotFitKeepTheEndpointClosedAndTheAppRunning() throws Exception {
        try (DemoProcess demo = DemoProcess.startDemo("cache-demo", "-Ddemo.ops=20000", "-Ddemo.exit=true",
                "-Dbytemeter.exporter.auth.username=" + USER, "-Dbytemeter.exporter.tls.certificate=/nonexistent.pem")) {
            demo.counts();
            assertTrue(demo.hasLine("bytemeter.exporter.auth.username is set: set exactly one of bytemeter.exporter.auth.password and "
                    + "bytemeter.exporter.auth.password.hash"), demo.output());
            assertTrue(demo.hasLine("bytemeter.exporter.tls.certificate and bytemeter.exporter.tls.key go together"), demo.output());
            assertTrue(demo.hasLine("the metrics endpoint does not start"), demo.output());
            assertFalse(demo.hasLine("serving metrics on"), demo.output());
            assertEquals(0, demo.awaitExit(), demo.output());
        }
    }

    private static final class Answer {
        final int status;
        final String body;

        Answer(int status, String body) {
            this.status = status;
            this.body = body;
        }
    }

    private static Answer https(SSLContext context, int port, String path, String authorization) throws IOException {
        HttpsURLConnection connection = (HttpsURLConnection) new URL("https://127.0.0.1:" + port + path).openConnection();
        connection.setSSLSocketFactory(context.getSocketFactory());
        if (authorization != null) {
            connection.setRequestProperty("Authorization", authorization);
        }
        int status = connection.getResponseCode();
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Trusts the certificates in {@code trusted} (PEM); presents the key in {@code clientStore} (PKCS12) when given. */
    private static SSLContext context(Path trusted, Path clientStore) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(trusted)) {
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = null;
        if (clientStore != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(clientStore)) {
                keys.load(in, STORE_PASSWORD.toCharArray());
            }
            keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, STORE_PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A target's health in a {@code /api/v1/targets} answer, by job. */
    private static String health(String targets, String job) {
        return field(targets, job, "health");
    }

    private static String lastError(String targets, String job) {
        return field(targets, job, "lastError");
    }

    private static String field(String targets, String job, String name) {
        Matcher target = Pattern.compile("\"job\":\"" + job + "\".*?\"" + name + "\":\"([^\"]*)\"").matcher(targets);
        return target.find() ? target.group(1) : "";
    }

    /** The value of the first sample of an instant query's answer. */
    private static String sampleValue(String answer) {
        Matcher value = Pattern.compile("\"value\":\\[[^,]+,\"([^\"]+)\"\\]").matcher(answer);
        assertTrue(value.find(), answer);
        return value.group(1);
    }

    /**
     * A key store of {@code type} at {@code store} with a self-signed EC key for 127.0.0.1 (store and
     * key password {@link #STORE_PASSWORD}); returns the certificate, exported as PEM beside it.
     */
    private static Path selfSignedKeyStore(Path store, String type) throws IOException, InterruptedException {
        Path certificate = store.resolveSibling("server.pem");
        run(keytool(), "-genkeypair", "-alias", "bytemeter", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", store.toString(), "-storetype", type,
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        run(keytool(), "-exportcert", "-rfc", "-alias", "bytemeter", "-keystore", store.toString(), "-storepass", STORE_PASSWORD,
                "-file", certificate.toString());
        return certificate;
    }

    private static String keytool() {
        return Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ":\n" + output);
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x", b));
        }
        return text.toString();
    }
}
