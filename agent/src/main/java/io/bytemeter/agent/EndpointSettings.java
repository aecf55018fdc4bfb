package io.bytemeter.agent;

import io.bytemeter.agent.endpoint.BasicAuth;
import io.bytemeter.agent.endpoint.EndpointOptions;

/**
 * The {@code bytemeter.exporter.*} settings, read into {@link EndpointOptions}. Auth and TLS
 * settings that do not fit together are problems naming the keys (never a secret's value), and
 * then the endpoint stays closed rather than open to anyone; the agent records anyway.
 */
final class EndpointSettings {

    private EndpointSettings() {}

    /** @return the options, or null when the endpoint must not start */
    static EndpointOptions read(Config config) {
        String host = config.string(Settings.EXPORTER_HOST, Settings.DEFAULT_HOST);
        int port = config.integer(Settings.EXPORTER_PORT, Settings.DEFAULT_PORT, 0, 65535);
        int connections = config.integer(Settings.EXPORTER_CONNECTIONS, Settings.DEFAULT_EXPORTER_CONNECTIONS, 1, 1024);
        int timeout = config.integer(Settings.EXPORTER_TIMEOUT, Settings.DEFAULT_EXPORTER_TIMEOUT, 1, 300);
        boolean healthPublic = config.bool(Settings.EXPORTER_HEALTH_PUBLIC, false);
        int before = config.problems().size();
        BasicAuth auth = auth(config);
        EndpointOptions.Tls tls = tls(config);
        if (config.problems().size() > before) {
            return null;
        }
        return new EndpointOptions(host, port, connections, timeout * 1000, auth, healthPublic, tls);
    }

    private static BasicAuth auth(Config config) {
        String username = config.string(Settings.EXPORTER_AUTH_USERNAME, null);
        String password = config.raw(Settings.EXPORTER_AUTH_PASSWORD);
        String hash = config.string(Settings.EXPORTER_AUTH_PASSWORD_HASH, null);
        if (username == null) {
            if (password != null || hash != null) {
                config.addProblem(Settings.EXPORTER_AUTH_USERNAME + " is not set, but a password is");
            }
            return null;
        }
        if ((password == null) == (hash == null)) {
            config.addProblem(Settings.EXPORTER_AUTH_USERNAME + " is set: set exactly one of "
                    + Settings.EXPORTER_AUTH_PASSWORD + " and " + Settings.EXPORTER_AUTH_PASSWORD_HASH);
            return null;
        }
        if (password != null) {
            return BasicAuth.withPassword(username, password);
        }
        try {
            return BasicAuth.withHash(username, hash);
        } catch (IllegalArgumentException e) {
            config.addProblem(Settings.EXPORTER_AUTH_PASSWORD_HASH + ": " + e.getMessage());
            return null;
        }
    }

    private static EndpointOptions.Tls tls(Config config) {
        String keyStore = config.string(Settings.EXPORTER_TLS_KEYSTORE, null);
        String certificate = config.string(Settings.EXPORTER_TLS_CERTIFICATE, null);
        String key = config.string(Settings.EXPORTER_TLS_KEY, null);
        String clientCa = config.string(Settings.EXPORTER_TLS_CLIENT_CA, null);
        if (keyStore != null && (certificate != null || key != null)) {
            config.addProblem("set " + Settings.EXPORTER_TLS_KEYSTORE + " or " + Settings.EXPORTER_TLS_CERTIFICATE + " and "
                    + Settings.EXPORTER_TLS_KEY + ", not both");
            return null;
        }
        if (keyStore != null) {
            return EndpointOptions.Tls.keyStore(keyStore, config.string(Settings.EXPORTER_TLS_KEYSTORE_TYPE, "PKCS12"),
                    config.raw(Settings.EXPORTER_TLS_KEYSTORE_PASSWORD), clientCa);
        }
        if ((certificate == null) != (key == null)) {
            config.addProblem(Settings.EXPORTER_TLS_CERTIFICATE + " and " + Settings.EXPORTER_TLS_KEY + " go together: one is not set");
            return null;
        }
        if (certificate == null && clientCa != null) {
            config.addProblem(Settings.EXPORTER_TLS_CLIENT_CA + " needs TLS: set " + Settings.EXPORTER_TLS_KEYSTORE + " or "
                    + Settings.EXPORTER_TLS_CERTIFICATE + " and " + Settings.EXPORTER_TLS_KEY);
            return null;
        }
        return certificate == null ? null : EndpointOptions.Tls.pem(certificate, key, clientCa);
    }
}
