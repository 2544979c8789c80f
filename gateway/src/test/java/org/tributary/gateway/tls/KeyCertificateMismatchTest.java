package org.tributary.gateway.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.security.InvalidKeyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key that does not belong to the certificate is reported at start-up, naming both files. */
class KeyCertificateMismatchTest {

    @TempDir
    Path dir;

    @Test
    void anotherRsaKey() throws Exception {
        OpenSsl openssl = new OpenSsl(dir);
        openssl.rsaKey("key.pem");
        openssl.rsaKey("other.pem");
        openssl.selfSigned("key.pem", "cert.pem", "host.example.org");
        assertMismatch(dir.resolve("cert.pem"), dir.resolve("other.pem"));
    }

    @Test
    void anEcKeyForAnRsaCertificate() throws Exception {
        OpenSsl openssl = new OpenSsl(dir);
        openssl.rsaKey("key.pem");
        openssl.ecKey("other.pem");
        openssl.selfSigned("key.pem", "cert.pem", "host.example.org");
        assertMismatch(dir.resolve("cert.pem"), dir.resolve("other.pem"));
    }

    @Test
    void anotherEcKey() throws Exception {
        OpenSsl openssl = new OpenSsl(dir);
        openssl.ecKey("key.pem");
        openssl.ecKey("other.pem");
        openssl.selfSigned("key.pem", "cert.pem", "host.example.org");
        assertMismatch(dir.resolve("cert.pem"), dir.resolve("other.pem"));
    }

    private static void assertMismatch(Path cert, Path key) {
        InvalidKeyException e = assertThrows(InvalidKeyException.class,
                () -> PemKeyStores.fromPem(cert, key, new char[0]));
        assertEquals(key + " does not belong to the certificate in " + cert + " (CN=host.example.org); check that"
                + " both come from the same host certificate request", e.getMessage());
    }
}
