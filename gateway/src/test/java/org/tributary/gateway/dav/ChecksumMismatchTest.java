package org.tributary.gateway.dav;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.Digests;
import org.tributary.gateway.TestGateway;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A checksum the client declares with its upload (RFC 3230 Digest, or Content-MD5 in base64 or gfal2's hex, SPECS
 * §4.1) is verified before anything becomes visible: a mismatch is 400 and leaves neither the file nor a temporary.
 */
class ChecksumMismatchTest {

    @TempDir
    static Path dir;
    static TestGateway gw;
    static final byte[] DATA = new byte[100_000];

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.startDefault(dir);
        new Random(11).nextBytes(DATA);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    private static void assertNothingStored(String name) {
        assertFalse(Files.exists(gw.root().resolve(name)), name + " must not exist");
        assertEquals(List.of(), TestGateway.temporaries(gw.root()), "no upload temporary may remain");
    }

    private static String wrongAdler() {
        String right = Digests.adler32(DATA);
        return right.equals("00000001") ? "00000002" : "00000001";
    }

    @Test
    void wrongAdler32Is400AndStoresNothing() {
        assertEquals(400, gw.put("/data/m1.bin", DATA, "Digest", "adler32=" + wrongAdler()).statusCode());
        assertNothingStored("m1.bin");
        assertEquals(404, gw.head("/data/m1.bin").statusCode());
    }

    @Test
    void rightAdler32Is201() throws Exception {
        assertEquals(201, gw.put("/data/m2.bin", DATA, "Digest", "adler32=" + Digests.adler32(DATA)).statusCode());
        assertEquals(DATA.length, Files.size(gw.root().resolve("m2.bin")));
        assertEquals("adler32=" + Digests.adler32(DATA),
                gw.head("/data/m2.bin", "Want-Digest", "adler32").headers().firstValue("Digest").orElse(null));
    }

    @Test
    void adler32DeclaredInUppercaseWithoutLeadingZerosIsAccepted() {
        byte[] a = "a".getBytes(StandardCharsets.US_ASCII); // adler32 00620062
        assertEquals(201, gw.put("/data/m3.txt", a, "Digest", "ADLER32=620062").statusCode());
        byte[] b = "abc".getBytes(StandardCharsets.US_ASCII);
        assertEquals(201, gw.put("/data/m3b.txt", b, "Digest", "adler32=" + Digests.adler32(b).toUpperCase(Locale.ROOT)).statusCode());
    }

    @Test
    void wrongMd5InDigestIs400() {
        String otherMd5 = Digests.md5Base64("other".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, gw.put("/data/m4.bin", DATA, "Digest", "md5=" + otherMd5).statusCode());
        assertNothingStored("m4.bin");
    }

    @Test
    void rightSha256InDigestIs201() {
        assertEquals(201, gw.put("/data/m5.bin", DATA, "Digest", "sha-256=" + Digests.sha256Base64(DATA)).statusCode());
    }

    @Test
    void oneWrongOfSeveralDeclaredIs400() {
        String digest = "adler32=" + Digests.adler32(DATA) + ",md5=" + Digests.md5Base64("x".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, gw.put("/data/m6.bin", DATA, "Digest", digest).statusCode());
        assertNothingStored("m6.bin");
    }

    @Test
    void contentMd5Base64RightIs201() {
        assertEquals(201, gw.put("/data/m7.bin", DATA, "Content-MD5", Digests.md5Base64(DATA)).statusCode());
    }

    @Test
    void contentMd5HexRightIs201() {
        // gfal2 puts the hex user checksum into Content-MD5 (SPECS §4.1)
        assertEquals(201, gw.put("/data/m8.bin", DATA, "Content-MD5", Digests.md5Hex(DATA)).statusCode());
    }

    @Test
    void contentMd5Base64WrongIs400() {
        assertEquals(400, gw.put("/data/m9.bin", DATA, "Content-MD5",
                Digests.md5Base64("other".getBytes(StandardCharsets.UTF_8))).statusCode());
        assertNothingStored("m9.bin");
    }

    @Test
    void contentMd5HexWrongIs400() {
        assertEquals(400, gw.put("/data/m10.bin", DATA, "Content-MD5",
                Digests.md5Hex("other".getBytes(StandardCharsets.UTF_8))).statusCode());
        assertNothingStored("m10.bin");
    }

    @Test
    void malformedContentMd5Is400() {
        assertEquals(400, gw.put("/data/m11.bin", DATA, "Content-MD5", "not-a-digest!").statusCode());
        assertNothingStored("m11.bin");
    }

    @Test
    void malformedAdler32Is400() {
        assertEquals(400, gw.put("/data/m12.bin", DATA, "Digest", "adler32=xyz").statusCode());
        assertNothingStored("m12.bin");
    }

    @Test
    void unknownAlgorithmInDigestIsIgnored() {
        assertEquals(201, gw.put("/data/m13.bin", DATA, "Digest", "x-unknown=abc").statusCode());
    }

    @Test
    void mismatchOnOverwriteKeepsTheOldContent() throws Exception {
        byte[] old = "the old content".getBytes(StandardCharsets.UTF_8);
        assertEquals(201, gw.put("/data/m14.bin", old).statusCode());
        String etag = gw.head("/data/m14.bin").headers().firstValue("ETag").orElseThrow();
        assertEquals(400, gw.put("/data/m14.bin", DATA, "Digest", "adler32=" + wrongAdler()).statusCode());
        assertTrue(Files.exists(gw.root().resolve("m14.bin")));
        assertEquals("the old content", Files.readString(gw.root().resolve("m14.bin")));
        assertEquals(etag, gw.head("/data/m14.bin").headers().firstValue("ETag").orElse(null));
        assertEquals("adler32=" + Digests.adler32(old),
                gw.head("/data/m14.bin", "Want-Digest", "adler32").headers().firstValue("Digest").orElse(null));
        assertEquals(List.of(), TestGateway.temporaries(gw.root()));
    }

    @Test
    void mismatchInANewDirectoryLeavesNoTemporaryThere() {
        assertEquals(400, gw.put("/data/newdir/m15.bin", DATA, "Digest", "adler32=" + wrongAdler()).statusCode());
        assertFalse(Files.exists(gw.root().resolve("newdir/m15.bin")));
        assertEquals(List.of(), TestGateway.temporaries(gw.root()));
    }
}
