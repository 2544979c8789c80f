package org.tributary.gateway.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.spec.InvalidKeySpecException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are missing, swapped, truncated or of an unsupported kind give messages naming the file. */
class PemFileProblemsTest {

    @TempDir
    Path dir;

    private Path cert;
    private Path key;

    @BeforeEach
    void makePair() throws Exception {
        OpenSsl openssl = new OpenSsl(dir);
        openssl.rsaKey("key.pem");
        openssl.selfSigned("key.pem", "cert.pem", "host.example.org");
        cert = dir.resolve("cert.pem");
        key = dir.resolve("key.pem");
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("missing.pem");
        assertEquals(missing.toString(), assertThrows(NoSuchFileException.class,
                () -> PemKeyStores.fromPem(cert, missing, new char[0])).getMessage());
    }

    @Test
    void swappedFiles() {
        assertEquals(key + ": no certificate found (expected -----BEGIN CERTIFICATE-----); it holds a private key,"
                + " are certificate and key swapped?", assertThrows(CertificateException.class,
                () -> PemKeyStores.fromPem(key, cert, new char[0])).getMessage());
    }

    @Test
    void noKeyInTheKeyFile() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        assertEquals(empty + ": no private key found (expected -----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC"
                + " PRIVATE KEY)", assertThrows(InvalidKeySpecException.class,
                () -> PemKeyStores.fromPem(cert, empty, new char[0])).getMessage());
    }

    @Test
    void truncatedBlock() throws Exception {
        String pem = Files.readString(key);
        Path truncated = Files.writeString(dir.resolve("truncated.pem"), pem.substring(0, pem.indexOf("-----END")));
        assertEquals(truncated + ": '-----BEGIN PRIVATE KEY-----' at line 1 has no matching END line",
                assertThrows(IOException.class, () -> PemKeyStores.fromPem(cert, truncated, new char[0]))
                        .getMessage());
    }

    @Test
    void garbageInsideTheKeyBlock() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.pem"),
                "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertTrue(assertThrows(InvalidKeySpecException.class, () -> PemKeyStores.fromPem(cert, bad, new char[0]))
                .getMessage().startsWith(bad + ": cannot read the RSA private key"));
    }

    @Test
    void unsupportedKeyKind() throws Exception {
        Path dsa = Files.writeString(dir.resolve("dsa.pem"),
                "-----BEGIN DSA PRIVATE KEY-----\nAAAA\n-----END DSA PRIVATE KEY-----\n");
        assertEquals(dsa + ": a DSA PRIVATE KEY block is not supported; use an RSA or EC host key in PEM (PKCS#8,"
                + " PKCS#1 or SEC1)", assertThrows(InvalidKeySpecException.class,
                () -> PemKeyStores.fromPem(cert, dsa, new char[0])).getMessage());
    }
}
