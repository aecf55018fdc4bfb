package io.bytemeter.agent.endpoint;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The hashes are the ones the README's commands print (sha256sum, openssl kdf), computed outside Java. */
class BasicAuthTest {

    private static final String SHA256 = "sha256:mysalt:68cd3fb09739318f5998337212abddf2c4e08b828813481e8f3d61cc385e685d";
    private static final String PBKDF2 = "pbkdf2-sha256:1000:mysalt:1e5c6a6fb5ab9cff8bc5a7f4efca5eac514fce4b0374cbe0241c423c26d9db3b";

    @Test
    void plainHashedAndDerivedPasswordsAllowTheRightUserOnly() {
        for (BasicAuth auth : new BasicAuth[] {BasicAuth.withPassword("prom", "mypassword"), BasicAuth.withHash("prom", SHA256),
                BasicAuth.withHash("prom", PBKDF2)}) {
            assertTrue(auth.allows(basic("prom:mypassword")));
            assertTrue(auth.allows("basic " + Base64.getEncoder().encodeToString("prom:mypassword".getBytes(StandardCharsets.UTF_8))));
            assertFalse(auth.allows(basic("prom:mypasswort")));
            assertFalse(auth.allows(basic("other:mypassword")));
            assertFalse(auth.allows(basic("prommypassword")));
            assertFalse(auth.allows(null));
            assertFalse(auth.allows("Bearer abc"));
            assertFalse(auth.allows("Basic %%%not-base64"));
        }
    }

    @Test
    void aHashThatDoesNotParseSaysWhatIsWrongWithoutRepeatingIt() {
        for (String bad : new String[] {"md5:salt:abcd", "sha256:salt", "sha256:salt:xyz", "pbkdf2-sha256:many:salt:abcd",
                "pbkdf2-sha256:0:salt:abcd"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BasicAuth.withHash("prom", bad), bad);
            assertFalse(e.getMessage().contains(bad), e.getMessage());
        }
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
