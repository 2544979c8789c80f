package org.tributary.tpc;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The adler32 a remote announces, in the forms servers send: RFC 3230 {@code Digest: adler32=<hex>} (1-8 digits, any
 * case) and RFC 9530 {@code Repr-Digest: adler=:<base64 of 4 bytes>:}, on any of several field lines. The result is our
 * canonical 8 lowercase hex digits; a malformed value is an error, never a value to compare.
 */
class RemoteAdler32Test {

    static HttpFields fields(String... nameValue) {
        HttpFields.Mutable f = HttpFields.build();
        for (int i = 0; i < nameValue.length; i += 2) f.add(nameValue[i], nameValue[i + 1]);
        return f;
    }

    @Test
    void digestHexIsPaddedToEightLowercaseDigits() throws Exception {
        assertEquals(Optional.of("00001a2b"), Transfer.adler32(fields("Digest", "ADLER32=1A2B")));
        assertEquals(Optional.of("0a1b2c3d"), Transfer.adler32(fields("Digest", "md5=HUXZLQLMuI/KZ5KDcJPcOA==, adler32=0a1b2c3d")));
    }

    @Test
    void reprDigestAdlerIsBase64OfTheFourBytes() throws Exception {
        // 0x0a1b2c3d = bytes 0a 1b 2c 3d = base64 "ChssPQ=="
        assertEquals(Optional.of("0a1b2c3d"), Transfer.adler32(fields("Repr-Digest", "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:, adler=:ChssPQ==:")));
    }

    @Test
    void everyFieldLineIsRead() throws Exception {
        assertEquals(Optional.of("0a1b2c3d"), Transfer.adler32(fields("Digest", "md5=HUXZLQLMuI/KZ5KDcJPcOA==", "Digest", "adler32=0a1b2c3d")));
        assertEquals(Optional.of("0a1b2c3d"), Transfer.adler32(fields("Repr-Digest", "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:", "Repr-Digest", "adler=:ChssPQ==:")));
    }

    @Test
    void noAdlerIsEmpty() throws Exception {
        assertEquals(Optional.empty(), Transfer.adler32(fields("Digest", "md5=HUXZLQLMuI/KZ5KDcJPcOA==")));
        assertEquals(Optional.empty(), Transfer.adler32(fields()));
    }

    @Test
    void aMalformedValueIsAnErrorNotAValue() {
        assertThrows(TpcException.class, () -> Transfer.adler32(fields("Digest", "adler32=xyz")));
        assertThrows(TpcException.class, () -> Transfer.adler32(fields("Digest", "adler32=123456789")));
        assertThrows(TpcException.class, () -> Transfer.adler32(fields("Repr-Digest", "adler=:AAAA:"))); // 3 bytes
        assertThrows(TpcException.class, () -> Transfer.adler32(fields("Repr-Digest", "adler=0a1b2c3d"))); // not a byte sequence
    }
}
