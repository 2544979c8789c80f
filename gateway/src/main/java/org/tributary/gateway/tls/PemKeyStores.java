package org.tributary.gateway.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds an in-memory key store from the PEM host certificate and key that grid hosts keep in
 * /etc/grid-security, so Jetty can serve TLS without the admin converting anything to PKCS#12 or JKS.
 *
 * <p>Keys may be PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, what many CA tools
 * still hand out) or SEC1 ({@code BEGIN EC PRIVATE KEY}); the JDK only reads PKCS#8, so the other two are wrapped
 * into PKCS#8 by hand (a few DER bytes; no BouncyCastle). Encrypted keys are refused: a service cannot type a
 * passphrase at boot, and protecting the key is the job of its file permissions.
 *
 * <p>The certificate file may hold the whole chain, in any order as long as the host certificate is in it; text
 * around the PEM blocks is ignored. The key must belong to one of the certificates, which is checked here so a
 * mismatch is reported at start-up with both file names instead of as a handshake failure on the client side.
 */
public final class PemKeyStores {

    /** The alias of the single key entry. */
    public static final String ALIAS = "host";

    private static final String ENCRYPTED = "host key is encrypted; provide an unencrypted key readable only by the"
            + " service user";

    private PemKeyStores() {}

    /**
     * @param certificateChainPem host certificate, optionally followed (or preceded) by intermediate CA certificates
     * @param privateKeyPem       the host key, unencrypted
     * @param password            protects the entry inside the returned in-memory store (may be empty)
     * @return a PKCS#12 key store with one entry, {@link #ALIAS}, whose chain starts with the host certificate
     * @throws IOException              a file is missing, unreadable or not PEM
     * @throws GeneralSecurityException the key is encrypted, of an unsupported kind, or does not match
     */
    public static KeyStore fromPem(Path certificateChainPem, Path privateKeyPem, char[] password)
            throws GeneralSecurityException, IOException {
        Objects.requireNonNull(password, "password (use an empty array for none)");
        List<X509Certificate> chain = readCertificates(certificateChainPem);
        PrivateKey key = readPrivateKey(privateKeyPem);
        chain = hostCertificateFirst(chain, key, certificateChainPem, privateKeyPem);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, key, password, chain.toArray(new Certificate[0]));
        return store;
    }

    private static List<X509Certificate> readCertificates(Path file) throws IOException, CertificateException {
        List<PemBlock> blocks = PemBlock.read(file);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certs = new ArrayList<>();
        for (PemBlock b : blocks) {
            if (!b.label().equals("CERTIFICATE")) continue;
            try {
                certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
            } catch (CertificateException e) {
                throw new CertificateException(file + ": certificate number " + (certs.size() + 1) + " cannot be"
                        + " read: " + e.getMessage(), e);
            }
        }
        if (certs.isEmpty()) {
            boolean hasKey = blocks.stream().anyMatch(b -> b.label().endsWith("PRIVATE KEY"));
            throw new CertificateException(file + ": no certificate found (expected -----BEGIN CERTIFICATE-----)"
                    + (hasKey ? "; it holds a private key, are certificate and key swapped?" : ""));
        }
        return certs;
    }

    private static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
        List<PemBlock> blocks = PemBlock.read(file);
        PemBlock block = blocks.stream().filter(b -> b.label().endsWith("PRIVATE KEY")).findFirst().orElse(null);
        if (block == null) {
            boolean hasCert = blocks.stream().anyMatch(b -> b.label().equals("CERTIFICATE"));
            throw new InvalidKeySpecException(file + ": no private key found (expected -----BEGIN PRIVATE KEY-----,"
                    + " RSA PRIVATE KEY or EC PRIVATE KEY)"
                    + (hasCert ? "; it holds a certificate, are certificate and key swapped?" : ""));
        }
        if (block.label().equals("ENCRYPTED PRIVATE KEY") || block.isEncryptedLegacy()) {
            throw new UnrecoverableKeyException(file + ": " + ENCRYPTED);
        }
        return switch (block.label()) {
            case "PRIVATE KEY" -> decode(file, algorithmOf(file, block.der()), block.der());
            case "RSA PRIVATE KEY" -> decode(file, "RSA", LegacyKeys.pkcs1ToPkcs8(block.der()));
            case "EC PRIVATE KEY" -> decode(file, "EC", LegacyKeys.sec1ToPkcs8(block.der(), ecParameters(blocks),
                    file));
            default -> throw new InvalidKeySpecException(file + ": a " + block.label() + " block is not supported;"
                    + " use an RSA or EC host key in PEM (PKCS#8, PKCS#1 or SEC1)");
        };
    }

    // "openssl ecparam -genkey" writes the curve as a separate EC PARAMETERS block before the key.
    private static byte[] ecParameters(List<PemBlock> blocks) {
        return blocks.stream().filter(b -> b.label().equals("EC PARAMETERS")).map(PemBlock::der).findFirst()
                .orElse(null);
    }

    private static PrivateKey decode(Path file, String algorithm, byte[] pkcs8) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (InvalidKeySpecException e) {
            throw new InvalidKeySpecException(file + ": cannot read the " + algorithm + " private key: "
                    + e.getMessage(), e);
        }
    }

    private static String algorithmOf(Path file, byte[] pkcs8) throws InvalidKeySpecException {
        try {
            return LegacyKeys.pkcs8Algorithm(pkcs8);
        } catch (IOException e) {
            throw new InvalidKeySpecException(file + ": not a PKCS#8 private key (" + e.getMessage() + ")", e);
        }
    }

    private static List<X509Certificate> hostCertificateFirst(List<X509Certificate> chain, PrivateKey key,
                                                              Path certFile, Path keyFile)
            throws InvalidKeyException {
        for (int i = 0; i < chain.size(); i++) {
            if (belongTogether(key, chain.get(i).getPublicKey())) {
                if (i == 0) return chain;
                List<X509Certificate> reordered = new ArrayList<>(chain);
                reordered.addFirst(reordered.remove(i));
                return reordered;
            }
        }
        throw new InvalidKeyException(keyFile + " does not belong to the certificate in " + certFile + " ("
                + chain.getFirst().getSubjectX500Principal().getName() + "); check that both come from the same"
                + " host certificate request");
    }

    // RSA: compare the public numbers. Other kinds: a signature made with the private key must verify with the
    // certificate's public key, which works for EC and EdDSA without knowing their internals.
    static boolean belongTogether(PrivateKey key, PublicKey pub) {
        if (key instanceof RSAKey || pub instanceof RSAKey) {
            if (!(key instanceof RSAKey rk) || !(pub instanceof RSAPublicKey rp)) return false;
            if (!rk.getModulus().equals(rp.getModulus())) return false;
            return !(key instanceof RSAPrivateCrtKey crt) || crt.getPublicExponent().equals(rp.getPublicExponent());
        }
        String signatureAlgorithm = switch (pub.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (signatureAlgorithm == null) return false;
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(signatureAlgorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(pub);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;   // e.g. an EC key against a certificate on another curve
        }
    }
}
