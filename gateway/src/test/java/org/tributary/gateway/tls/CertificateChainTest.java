package org.tributary.gateway.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificate file may hold the chain, in either order, with the text dump openssl puts around it. */
class CertificateChainTest {

    @TempDir
    Path dir;

    private OpenSsl openssl;

    @BeforeEach
    void makeCaAndHost() throws Exception {
        openssl = new OpenSsl(dir);
        openssl.rsaKey("ca.key");
        openssl.run("req", "-x509", "-new", "-key", "ca.key", "-out", "ca.pem", "-days", "2", "-subj",
                "/CN=Test Grid CA", "-addext", "basicConstraints=critical,CA:true");
        openssl.rsaKey("host.key");
        openssl.run("req", "-new", "-key", "host.key", "-out", "host.csr", "-subj", "/CN=host.example.org");
        openssl.run("x509", "-req", "-in", "host.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "host.pem", "-days", "2");
    }

    @Test
    void hostThenCa() throws Exception {
        Files.writeString(dir.resolve("chain.pem"), Files.readString(dir.resolve("host.pem"))
                + Files.readString(dir.resolve("ca.pem")));
        assertChain(load("chain.pem"));
    }

    @Test
    void caThenHostIsReordered() throws Exception {
        Files.writeString(dir.resolve("chain.pem"), Files.readString(dir.resolve("ca.pem"))
                + Files.readString(dir.resolve("host.pem")));
        assertChain(load("chain.pem"));
    }

    @Test
    void textAroundTheBlocksIsIgnored() throws Exception {
        // "openssl x509 -text" output, the way many grid hostcert.pem files look.
        String host = openssl.run("x509", "-in", "host.pem", "-text");
        String ca = openssl.run("x509", "-in", "ca.pem", "-text");
        Files.writeString(dir.resolve("chain.pem"), "Bag Attributes\n" + host + "\n" + ca);
        assertChain(load("chain.pem"));
    }

    private KeyStore load(String certFile) throws Exception {
        return PemKeyStores.fromPem(dir.resolve(certFile), dir.resolve("host.key"), new char[0]);
    }

    private static void assertChain(KeyStore store) throws Exception {
        Certificate[] chain = store.getCertificateChain(PemKeyStores.ALIAS);
        assertEquals(2, chain.length);
        assertEquals("CN=host.example.org", ((X509Certificate) chain[0]).getSubjectX500Principal().getName());
        assertEquals("CN=Test Grid CA", ((X509Certificate) chain[1]).getSubjectX500Principal().getName());
        chain[0].verify(chain[1].getPublicKey());
    }
}
