package io.bytemeter.agent.endpoint;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * How the endpoint listens and whom it answers. Built from settings by the agent, which reports
 * a wrong one by its key; secrets are held here and never printed.
 */
public final class EndpointOptions {

    final String host;
    final int port;
    final int connections;
    final int timeoutMillis;
    final BasicAuth auth;
    final boolean healthPublic;
    final Tls tls;

    public EndpointOptions(String host, int port, int connections, int timeoutMillis, BasicAuth auth, boolean healthPublic, Tls tls) {
        this.host = host;
        this.port = port;
        this.connections = connections;
        this.timeoutMillis = timeoutMillis;
        this.auth = auth;
        this.healthPublic = healthPublic;
        this.tls = tls;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean tls() {
        return tls != null;
    }

    public boolean authenticated() {
        return auth != null;
    }

    /** Where the endpoint's key and certificate are: a key store, or PEM files; and the client CAs, if clients must prove who they are. */
    public static final class Tls {
        final Path keyStore;
        final String keyStoreType;
        final char[] keyStorePassword;
        final Path certificate;
        final Path key;
        final Path clientCa;

        private Tls(Path keyStore, String keyStoreType, char[] keyStorePassword, Path certificate, Path key, Path clientCa) {
            this.keyStore = keyStore;
            this.keyStoreType = keyStoreType;
            this.keyStorePassword = keyStorePassword;
            this.certificate = certificate;
            this.key = key;
            this.clientCa = clientCa;
        }

        public static Tls keyStore(String path, String type, String password, String clientCa) {
            return new Tls(Paths.get(path), type, password == null ? new char[0] : password.toCharArray(), null, null, path(clientCa));
        }

        public static Tls pem(String certificate, String key, String clientCa) {
            return new Tls(null, null, null, Paths.get(certificate), Paths.get(key), path(clientCa));
        }

        private static Path path(String value) {
            return value == null ? null : Paths.get(value);
        }
    }
}
