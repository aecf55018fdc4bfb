package io.bytemeter.agent.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The endpoint's TLS context, from a PKCS12 or JKS key store, or from a PEM certificate chain and
 * an unencrypted PKCS#8 PEM key (what {@code openssl req -nodes} and {@code openssl pkcs8 -topk8
 * -nocrypt} write); with a PEM bundle of client CAs, clients must present a certificate they signed.
 */
public final class TlsFiles {

    private static final char[] IN_MEMORY = "bytemeter".toCharArray();

    private TlsFiles() {}

    /** @throws IOException or GeneralSecurityException naming the file that cannot be used */
    public static SSLContext fromKeyStore(Path keyStore, String type, char[] password, Path clientCa)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, password);
        }
        return context(store, password, clientCa);
    }

    public static SSLContext fromPem(Path certificate, Path key, Path clientCa) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> chain = certificates(certificate);
        if (chain.isEmpty()) {
            throw new GeneralSecurityException(certificate + " holds no certificate");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("bytemeter", privateKey(key), IN_MEMORY, chain.toArray(new Certificate[0]));
        return context(store, IN_MEMORY, clientCa);
    }

    private static SSLContext context(KeyStore store, char[] password, Path clientCa) throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        TrustManagerFactory trust = null;
        if (clientCa != null) {
            KeyStore cas = KeyStore.getInstance("PKCS12");
            cas.load(null, null);
            int i = 0;
            for (Certificate ca : certificates(clientCa)) {
                cas.setCertificateEntry("ca" + i++, ca);
            }
            if (i == 0) {
                throw new GeneralSecurityException(clientCa + " holds no certificate");
            }
            trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(cas);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
        return context;
    }

    private static Collection<? extends Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = new String(Files.readAllBytes(pem), StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        int start = text.indexOf(begin);
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < start) {
            throw new GeneralSecurityException(pem + " holds no unencrypted PKCS#8 key (BEGIN PRIVATE KEY); convert one with "
                    + "openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // the next algorithm
            }
        }
        throw new GeneralSecurityException(pem + ": the key is not RSA, EC or Ed25519");
    }
}
