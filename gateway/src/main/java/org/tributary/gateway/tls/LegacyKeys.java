package org.tributary.gateway.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.spec.InvalidKeySpecException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rewraps OpenSSL's "traditional" key encodings into PKCS#8 PrivateKeyInfo (RFC 5208), the only form the JDK's
 * KeyFactory accepts:
 * <pre>
 * PrivateKeyInfo ::= SEQUENCE { version INTEGER (0), algorithm AlgorithmIdentifier, privateKey OCTET STRING }
 * </pre>
 * where privateKey is the PKCS#1 RSAPrivateKey unchanged, or the SEC1 ECPrivateKey without its curve.
 */
final class LegacyKeys {

    private static final byte[] OID_RSASSA_PSS = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
            0x0a};
    private static final byte[] OID_ED25519 = {0x2b, 0x65, 0x70};
    private static final byte[] OID_ED448 = {0x2b, 0x65, 0x71};

    private LegacyKeys() {}

    /** PKCS#1 RSAPrivateKey → PKCS#8 with algorithm rsaEncryption (parameters NULL, as RFC 8017 requires). */
    static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        return Der.sequence(
                Der.smallInteger(0),
                Der.sequence(Der.oid(Der.OID_RSA), Der.nullValue()),
                Der.octetString(pkcs1));
    }

    /**
     * SEC1 ECPrivateKey → PKCS#8 with algorithm id-ecPublicKey. The curve goes into the AlgorithmIdentifier; it is
     * taken from the key's own {@code [0] parameters}, or from a separate EC PARAMETERS block when the key has none.
     *
     * @param separateParameters the DER of an EC PARAMETERS block, or null
     */
    static byte[] sec1ToPkcs8(byte[] sec1, byte[] separateParameters, Path file) throws InvalidKeySpecException {
        byte[] curve = separateParameters;
        // The curve moves into the AlgorithmIdentifier and is dropped from the inner key, as OpenSSL's own
        // PKCS#8 conversion does, so the result is byte-for-byte the encoding OpenSSL would produce.
        List<byte[]> inner = new ArrayList<>();
        try {
            List<Der.Element> fields = Der.sequenceElements(sec1);
            if (fields.size() < 2 || fields.get(0).tag() != Der.INTEGER || fields.get(1).tag() != Der.OCTET_STRING) {
                throw new IOException("not an ECPrivateKey structure");
            }
            for (Der.Element f : fields) {
                if (f.tag() == Der.CONTEXT_0) curve = f.content();
                else inner.add(f.encoded());
            }
        } catch (IOException e) {
            throw new InvalidKeySpecException(file + ": the EC PRIVATE KEY block is not a SEC1 key (" + e.getMessage()
                    + ")", e);
        }
        if (curve == null || curve.length == 0) {
            throw new InvalidKeySpecException(file + ": the EC key does not say which curve it is on; re-export it"
                    + " with 'openssl ec -in KEY -param_enc named_curve'");
        }
        if ((curve[0] & 0xff) != Der.OID) {
            throw new InvalidKeySpecException(file + ": EC keys with explicit curve parameters are not supported;"
                    + " re-export it with 'openssl ec -in KEY -param_enc named_curve'");
        }
        return Der.sequence(
                Der.smallInteger(0),
                Der.sequence(Der.oid(Der.OID_EC_PUBLIC_KEY), curve),
                Der.octetString(Der.sequence(inner.toArray(new byte[0][]))));
    }

    /** The JCA KeyFactory name for the algorithm of a PKCS#8 PrivateKeyInfo. */
    static String pkcs8Algorithm(byte[] pkcs8) throws IOException {
        List<Der.Element> fields = Der.sequenceElements(pkcs8);
        if (fields.size() < 3 || fields.get(1).tag() != Der.SEQUENCE) throw new IOException("no AlgorithmIdentifier");
        List<Der.Element> algorithm = Der.sequenceElements(fields.get(1).encoded());
        if (algorithm.isEmpty() || algorithm.getFirst().tag() != Der.OID) throw new IOException("no algorithm OID");
        byte[] oid = algorithm.getFirst().content();
        if (Arrays.equals(oid, Der.OID_RSA)) return "RSA";
        if (Arrays.equals(oid, OID_RSASSA_PSS)) return "RSASSA-PSS";
        if (Arrays.equals(oid, Der.OID_EC_PUBLIC_KEY)) return "EC";
        if (Arrays.equals(oid, OID_ED25519)) return "Ed25519";
        if (Arrays.equals(oid, OID_ED448)) return "Ed448";
        throw new IOException("unsupported key algorithm; use an RSA or EC host key");
    }
}
