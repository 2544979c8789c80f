package org.tributary.gateway.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.security.UnrecoverableKeyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A passphrase-protected key cannot be used by a service; the error says what to provide instead. */
class EncryptedKeyTest {

    @TempDir
    Path dir;

    @Test
    void encryptedPkcs8() throws Exception {
        OpenSsl openssl = new OpenSsl(dir);
        openssl.rsaKey("plain.pem");
        openssl.selfSigned("plain.pem", "cert.pem", "host.example.org");
        openssl.run("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "plain.pem", "-out", "key.pem",
                "-passout", "pass:secret");
        assertRefused(dir.resolve("cert.pem"), dir.resolve("key.pem"));
    }

    @Test
    void encryptedTraditionalRsa() throws Exception {
        OpenSsl openssl = new OpenSsl(dir);
        openssl.rsaKey("plain.pem");
        openssl.selfSigned("plain.pem", "cert.pem", "host.example.org");
        openssl.run("rsa", "-in", "plain.pem", "-traditional", "-aes256", "-out", "key.pem",
                "-passout", "pass:secret");
        assertRefused(dir.resolve("cert.pem"), dir.resolve("key.pem"));
    }

    private static void assertRefused(Path cert, Path key) {
        UnrecoverableKeyException e = assertThrows(UnrecoverableKeyException.class,
                () -> PemKeyStores.fromPem(cert, key, new char[0]));
        assertEquals(key + ": host key is encrypted; provide an unencrypted key readable only by the service user",
                e.getMessage());
    }
}
