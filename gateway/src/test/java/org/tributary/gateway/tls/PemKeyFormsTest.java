package org.tributary.gateway.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every key encoding a grid host may have (PKCS#8, PKCS#1, SEC1 with and without a separate EC PARAMETERS block)
 * loads into a key store whose key matches the certificate and equals what OpenSSL itself makes of the key.
 */
class PemKeyFormsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    @Test
    void rsaPkcs8() throws Exception {
        OpenSsl openssl = new OpenSsl(dir);
        openssl.rsaKey("key.pem");
        openssl.selfSigned("key.pem", "cert.pem", "rsa-pkcs8.example.org");
        assertTrue(Files.readString(dir.resolve("key.pem")).contains("-----BEGIN PRIVATE KEY-----"));
        assertLoads(openssl, "cert.pem", "key.pem");
    }

    @Test
    void rsaPkcs1() throws Exception {
        OpenSsl openssl = new OpenSsl(dir);
        openssl.rsaKey("key8.pem");
        openssl.run("rsa", "-in", "key8.pem", "-traditional", "-out", "key.pem");
        openssl.selfSigned("key.pem", "cert.pem", "rsa-pkcs1.example.org");
        assertTrue(Files.readString(dir.resolve("key.pem")).contains("-----BEGIN RSA PRIVATE KEY-----"));
        assertLoads(openssl, "cert.pem", "key.pem");
    }

    @Test
    void ecSec1WithParametersBlock() throws Exception {
        OpenSsl openssl = new OpenSsl(dir);
        openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-out", "key.pem");
        openssl.selfSigned("key.pem", "cert.pem", "ec-sec1.example.org");
        String pem = Files.readString(dir.resolve("key.pem"));
        assertTrue(pem.contains("-----BEGIN EC PARAMETERS-----") && pem.contains("-----BEGIN EC PRIVATE KEY-----"));
        assertLoads(openssl, "cert.pem", "key.pem");
    }

    @Test
    void ecSec1OnP384() throws Exception {
        OpenSsl openssl = new OpenSsl(dir);
        openssl.run("ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", "key.pem");
        openssl.selfSigned("key.pem", "cert.pem", "ec-p384.example.org");
        String pem = Files.readString(dir.resolve("key.pem"));
        assertTrue(!pem.contains("EC PARAMETERS") && pem.contains("-----BEGIN EC PRIVATE KEY-----"));
        assertLoads(openssl, "cert.pem", "key.pem");
    }

    @Test
    void ecSec1WhoseCurveIsOnlyInTheParametersBlock() throws Exception {
        // SEC1 makes the curve inside the key optional; then the EC PARAMETERS block before it is what names it.
        // (OpenSSL itself cannot read such a key back, so the original serves as the reference.)
        OpenSsl openssl = new OpenSsl(dir);
        openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-out", "full.pem");
        openssl.selfSigned("full.pem", "cert.pem", "ec-params.example.org");
        List<PemBlock> blocks = PemBlock.read(dir.resolve("full.pem"));
        byte[] sec1 = blocks.get(1).der();
        List<byte[]> withoutCurve = Der.sequenceElements(sec1).stream()
                .filter(e -> e.tag() != Der.CONTEXT_0).map(Der.Element::encoded).toList();
        Files.writeString(dir.resolve("key.pem"), pem("EC PARAMETERS", blocks.get(0).der())
                + pem("EC PRIVATE KEY", Der.sequence(withoutCurve.toArray(new byte[0][]))));
        assertLoads(openssl, "cert.pem", "key.pem", "full.pem");
    }

    @Test
    void ecWithExplicitCurveParametersIsRefusedWithAFix() throws Exception {
        OpenSsl openssl = new OpenSsl(dir);
        openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "named.pem");
        openssl.selfSigned("named.pem", "cert.pem", "ec-explicit.example.org");
        openssl.run("ec", "-in", "named.pem", "-param_enc", "explicit", "-out", "key.pem");
        Path key = dir.resolve("key.pem");
        assertEquals(key + ": EC keys with explicit curve parameters are not supported; re-export it with 'openssl"
                + " ec -in KEY -param_enc named_curve'", org.junit.jupiter.api.Assertions.assertThrows(
                java.security.spec.InvalidKeySpecException.class,
                () -> PemKeyStores.fromPem(dir.resolve("cert.pem"), key, PASSWORD)).getMessage());
    }

    @Test
    void ecPkcs8() throws Exception {
        OpenSsl openssl = new OpenSsl(dir);
        openssl.ecKey("key.pem");
        openssl.selfSigned("key.pem", "cert.pem", "ec-pkcs8.example.org");
        assertTrue(Files.readString(dir.resolve("key.pem")).contains("-----BEGIN PRIVATE KEY-----"));
        assertLoads(openssl, "cert.pem", "key.pem");
    }

    @Test
    void ed25519Pkcs8() throws Exception {
        OpenSsl openssl = new OpenSsl(dir);
        openssl.run("genpkey", "-algorithm", "ED25519", "-out", "key.pem");
        openssl.selfSigned("key.pem", "cert.pem", "ed25519.example.org");
        assertLoads(openssl, "cert.pem", "key.pem");
    }

    @Test
    void aKeyStoreMadeByTheJdkKeyGeneratorToo() throws Exception {
        // The other direction: the JDK makes the key, openssl only signs the certificate.
        OpenSsl openssl = new OpenSsl(dir);
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        PrivateKey key = g.generateKeyPair().getPrivate();
        Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        openssl.selfSigned("key.pem", "cert.pem", "jdk.example.org");
        KeyStore store = PemKeyStores.fromPem(dir.resolve("cert.pem"), dir.resolve("key.pem"), PASSWORD);
        assertArrayEquals(key.getEncoded(), store.getKey(PemKeyStores.ALIAS, PASSWORD).getEncoded());
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    private void assertLoads(OpenSsl openssl, String certFile, String keyFile) throws Exception {
        assertLoads(openssl, certFile, keyFile, keyFile);
    }

    private void assertLoads(OpenSsl openssl, String certFile, String keyFile, String referenceKeyFile)
            throws Exception {
        KeyStore store = PemKeyStores.fromPem(dir.resolve(certFile), dir.resolve(keyFile), PASSWORD);

        assertEquals(List.of(PemKeyStores.ALIAS), java.util.Collections.list(store.aliases()));
        PrivateKey key = (PrivateKey) store.getKey(PemKeyStores.ALIAS, PASSWORD);
        Certificate[] chain = store.getCertificateChain(PemKeyStores.ALIAS);
        assertEquals(1, chain.length);
        X509Certificate cert = (X509Certificate) chain[0];

        // The key is the one OpenSSL means: same PKCS#8 encoding as OpenSSL's own conversion.
        openssl.run("pkcs8", "-topk8", "-nocrypt", "-in", referenceKeyFile, "-outform", "DER", "-out", "expected.der");
        PrivateKey expected = java.security.KeyFactory.getInstance(key.getAlgorithm())
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(
                        Files.readAllBytes(dir.resolve("expected.der"))));
        assertEquals(expected, key);

        // And it matches the certificate: a signature made with it verifies with the certificate's public key.
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> "Ed25519";
        };
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(cert.getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        assertTrue(verifier.verify(signature));

        // JSSE can use the store as it is.
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        kmf.init(store, PASSWORD);
        assertEquals(1, kmf.getKeyManagers().length);
    }
}
