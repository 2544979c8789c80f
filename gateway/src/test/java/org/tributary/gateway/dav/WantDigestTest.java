package org.tributary.gateway.dav;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.Digests;
import org.tributary.gateway.TestGateway;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 3230 Want-Digest / Digest and RFC 9530 Want-Repr-Digest / Repr-Digest on HEAD and GET (SPECS §4.1): adler32
 * as 8 lowercase hex digits, md5 and sha-256 as base64, one algorithm per answer, q-values honoured.
 */
class WantDigestTest {

    @TempDir
    static Path dir;
    static TestGateway gw;
    static final byte[] DATA = new byte[200_000];
    /** Adler-32 of "a" is 0x00620062: the leading zeros must be kept. */
    static final byte[] ONE_A = "a".getBytes(StandardCharsets.US_ASCII);

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.startDefault(dir);
        new Random(3).nextBytes(DATA);
        assertEquals(201, gw.put("/data/d.bin", DATA).statusCode());
        assertEquals(201, gw.put("/data/a.txt", ONE_A).statusCode());
        assertEquals(201, gw.mkcol("/data/dcoll").statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    private static String digest(HttpResponse<byte[]> r) {
        assertEquals(200, r.statusCode());
        return r.headers().firstValue("Digest").orElseThrow(() -> new AssertionError("no Digest header: " + r.headers().map()));
    }

    @Test
    void adler32UppercaseRequestOnHead() {
        assertEquals("adler32=" + Digests.adler32(DATA), digest(gw.head("/data/d.bin", "Want-Digest", "ADLER32")));
    }

    @Test
    void adler32OnGet() {
        HttpResponse<byte[]> r = gw.get("/data/d.bin", "Want-Digest", "adler32");
        assertEquals("adler32=" + Digests.adler32(DATA), digest(r));
        assertEquals(DATA.length, r.body().length);
    }

    @Test
    void adler32KeepsLeadingZerosAndIsLowercase() {
        String v = digest(gw.head("/data/a.txt", "Want-Digest", "adler32"));
        assertEquals("adler32=00620062", v);
        assertTrue(v.matches("adler32=[0-9a-f]{8}"), v);
    }

    @Test
    void md5IsBase64() {
        assertEquals("md5=" + Digests.md5Base64(DATA), digest(gw.head("/data/d.bin", "Want-Digest", "md5")));
    }

    @Test
    void md5UppercaseName() {
        assertEquals("md5=" + Digests.md5Base64(DATA), digest(gw.head("/data/d.bin", "Want-Digest", "MD5")));
    }

    @Test
    void crc32cIsHex() {
        assertEquals("crc32c=" + Digests.crc32c(DATA), digest(gw.head("/data/d.bin", "Want-Digest", "crc32c")));
    }

    @Test
    void sha256IsBase64() {
        assertEquals("sha-256=" + Digests.sha256Base64(DATA), digest(gw.head("/data/d.bin", "Want-Digest", "sha-256")));
    }

    @Test
    void qValuesPickTheHighest() {
        assertEquals("adler32=" + Digests.adler32(DATA),
                digest(gw.head("/data/d.bin", "Want-Digest", "md5;q=0.3, adler32;q=1")));
        assertEquals("md5=" + Digests.md5Base64(DATA),
                digest(gw.head("/data/d.bin", "Want-Digest", "adler32;q=0.2,md5;q=0.9")));
    }

    @Test
    void qZeroMeansNotWanted() {
        assertEquals("md5=" + Digests.md5Base64(DATA),
                digest(gw.head("/data/d.bin", "Want-Digest", "adler32;q=0, md5")));
    }

    @Test
    void unsupportedFirstFallsBackToSupported() {
        assertEquals("adler32=" + Digests.adler32(DATA),
                digest(gw.head("/data/d.bin", "Want-Digest", "UNIXcksum, adler32")));
    }

    @Test
    void onlyOneAlgorithmIsAnswered() {
        // davix splits on ',' without trimming (SPECS §4.1): answer one digest, never "a=..., b=..."
        String v = digest(gw.head("/data/d.bin", "Want-Digest", "adler32, md5"));
        assertFalse(v.contains(","), v);
        assertEquals("adler32=" + Digests.adler32(DATA), v);
    }

    @Test
    void unsupportedAlgorithmIs200WithoutDigest() {
        HttpResponse<byte[]> r = gw.head("/data/d.bin", "Want-Digest", "UNIXcksum");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Digest").isEmpty(), "no Digest for an unsupported algorithm");
    }

    @Test
    void collectionHasNoDigest() {
        HttpResponse<byte[]> r = gw.head("/data/dcoll", "Want-Digest", "adler32");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Digest").isEmpty());
    }

    @Test
    void noWantDigestNoDigest() {
        assertTrue(gw.head("/data/d.bin").headers().firstValue("Digest").isEmpty());
    }

    @Test
    void reprDigestSha256() {
        HttpResponse<byte[]> r = gw.head("/data/d.bin", "Want-Repr-Digest", "sha-256=5");
        assertEquals(200, r.statusCode());
        assertEquals("sha-256=:" + Digests.sha256Base64(DATA) + ":", r.headers().firstValue("Repr-Digest").orElse(null));
    }

    @Test
    void reprDigestPreferenceWeights() {
        HttpResponse<byte[]> r = gw.head("/data/d.bin", "Want-Repr-Digest", "md5=1, sha-256=9");
        assertEquals("sha-256=:" + Digests.sha256Base64(DATA) + ":", r.headers().firstValue("Repr-Digest").orElse(null));
    }

    @Test
    void digestAfterOverwriteDescribesTheNewContent() {
        byte[] v1 = "version one".getBytes(StandardCharsets.UTF_8);
        byte[] v2 = "version two, longer".getBytes(StandardCharsets.UTF_8);
        assertEquals(201, gw.put("/data/ow.txt", v1).statusCode());
        assertEquals("adler32=" + Digests.adler32(v1), digest(gw.head("/data/ow.txt", "Want-Digest", "adler32")));
        assertEquals(200, gw.put("/data/ow.txt", v2).statusCode());
        assertEquals("adler32=" + Digests.adler32(v2), digest(gw.head("/data/ow.txt", "Want-Digest", "adler32")));
        assertEquals("md5=" + Digests.md5Base64(v2), digest(gw.head("/data/ow.txt", "Want-Digest", "md5")));
    }

    @Test
    void digestOnRangedGetIsOfTheWholeFile() {
        HttpResponse<byte[]> r = gw.get("/data/d.bin", "Want-Digest", "adler32", "Range", "bytes=0-9");
        assertEquals(206, r.statusCode());
        assertEquals("adler32=" + Digests.adler32(DATA), r.headers().firstValue("Digest").orElse(null));
    }
}
