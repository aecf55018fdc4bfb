package io.bytemeter.agent.endpoint;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * HTTP basic authentication for the endpoint: one user, with a plain password or, so that no
 * password sits in a file, a salted hash: {@code sha256:<salt>:<hex of SHA-256 of "salt:password">}
 * or {@code pbkdf2-sha256:<iterations>:<salt>:<hex of the key>} (the key as long as the hex says).
 * Both compare in constant time. Never prints a secret.
 */
public final class BasicAuth {

    private final byte[] expectedUser;
    private final Check check;

    private BasicAuth(String username, Check check) {
        this.expectedUser = username.getBytes(StandardCharsets.UTF_8);
        this.check = check;
    }

    public static BasicAuth withPassword(String username, String password) {
        byte[] expected = password.getBytes(StandardCharsets.UTF_8);
        return new BasicAuth(username, given -> MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8)));
    }

    /** @throws IllegalArgumentException saying what is wrong with the hash, without repeating it */
    public static BasicAuth withHash(String username, String hash) {
        String[] parts = hash.trim().split(":", -1);
        String scheme = parts[0].toLowerCase(Locale.ROOT);
        try {
            if (scheme.equals("sha256") && parts.length == 3) {
                String salt = parts[1];
                byte[] expected = hex(parts[2]);
                return new BasicAuth(username, given -> MessageDigest.isEqual(expected, sha256(salt + ":" + given)));
            }
            if (scheme.equals("pbkdf2-sha256") && parts.length == 4) {
                int iterations = Integer.parseInt(parts[1]);
                byte[] salt = parts[2].getBytes(StandardCharsets.UTF_8);
                byte[] expected = hex(parts[3]);
                if (iterations < 1 || expected.length == 0) {
                    throw new IllegalArgumentException("iterations and key length must be positive");
                }
                return new BasicAuth(username, given -> MessageDigest.isEqual(expected, pbkdf2(given, salt, iterations, expected.length)));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iterations or the hex digits do not parse");
        }
        throw new IllegalArgumentException("expected sha256:<salt>:<hex> or pbkdf2-sha256:<iterations>:<salt>:<hex>");
    }

    /** Whether an {@code Authorization} header (or null) carries this user and password. */
    public boolean allows(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean user = MessageDigest.isEqual(expectedUser, decoded.substring(0, colon).getBytes(StandardCharsets.UTF_8));
        boolean password = check.matches(decoded.substring(colon + 1));
        return user & password;
    }

    private static byte[] hex(String digits) {
        if (digits.length() % 2 != 0) {
            throw new NumberFormatException("odd number of hex digits");
        }
        byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations, int bytes) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bytes * 8);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
        }
    }

    private interface Check {
        boolean matches(String password);
    }
}
