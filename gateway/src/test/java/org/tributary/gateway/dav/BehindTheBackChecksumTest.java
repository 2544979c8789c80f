package org.tributary.gateway.dav;

import org.junit.jupiter.api.Test;
import org.tributary.gateway.Digests;
import org.tributary.gateway.DefaultGatewayTest;
import org.tributary.gateway.TestGateway;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Files that arrive in the root without the gateway (rsync, a site admin) get their checksum computed on the first
 * Want-Digest; when a file changes behind the gateway's back, a stale stored checksum is never served.
 */
class BehindTheBackChecksumTest extends DefaultGatewayTest {

    private static String adler(String path) {
        HttpResponse<byte[]> r = gw.head(path, "Want-Digest", "adler32");
        assertEquals(200, r.statusCode());
        return r.headers().firstValue("Digest").orElseThrow(() -> new AssertionError("no Digest for " + path));
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void directlyWrittenFileGetsItsChecksumOnFirstRequest() throws Exception {
        byte[] data = bytes("dropped in by rsync");
        Files.write(gw.root().resolve("b1.txt"), data);
        assertEquals("adler32=" + Digests.adler32(data), adler("/data/b1.txt"));
        // asked again (now from the stored value), the same
        assertEquals("adler32=" + Digests.adler32(data), adler("/data/b1.txt"));
    }

    @Test
    void directlyWrittenFileInASubdirectory() throws Exception {
        byte[] data = bytes("nested");
        Files.createDirectories(gw.root().resolve("sub/dir"));
        Files.write(gw.root().resolve("sub/dir/b2.txt"), data);
        assertEquals("adler32=" + Digests.adler32(data), adler("/data/sub/dir/b2.txt"));
        assertEquals("md5=" + Digests.md5Base64(data),
                gw.get("/data/sub/dir/b2.txt", "Want-Digest", "md5").headers().firstValue("Digest").orElse(null));
    }

    @Test
    void changedSizeGivesANewChecksum() throws Exception {
        Path f = gw.root().resolve("b3.txt");
        byte[] v1 = bytes("first");
        Files.write(f, v1);
        assertEquals("adler32=" + Digests.adler32(v1), adler("/data/b3.txt"));
        byte[] v2 = bytes("second, and longer");
        Files.write(f, v2);
        assertEquals("adler32=" + Digests.adler32(v2), adler("/data/b3.txt"));
    }

    @Test
    void sameSizeNewContentNewMtimeGivesANewChecksum() throws Exception {
        Path f = gw.root().resolve("b4.txt");
        byte[] v1 = bytes("AAAAAAAA");
        Files.write(f, v1);
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        assertEquals("adler32=" + Digests.adler32(v1), adler("/data/b4.txt"));
        byte[] v2 = bytes("BBBBBBBB");
        Files.write(f, v2);
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2024-01-02T00:00:00Z")));
        assertEquals("adler32=" + Digests.adler32(v2), adler("/data/b4.txt"));
    }

    @Test
    void uploadedFileRewrittenBehindTheBackGetsANewChecksum() throws Exception {
        byte[] v1 = bytes("uploaded through the gateway");
        assertEquals(201, gw.put("/data/b5.txt", v1).statusCode());
        assertEquals("adler32=" + Digests.adler32(v1), adler("/data/b5.txt"));
        String etag1 = gw.head("/data/b5.txt").headers().firstValue("ETag").orElseThrow();

        Path f = gw.root().resolve("b5.txt");
        byte[] v2 = bytes("rewritten behind its back!!!");
        Files.write(f, v2);
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2023-05-05T05:05:05Z")));

        assertEquals("adler32=" + Digests.adler32(v2), adler("/data/b5.txt"));
        assertEquals("crc32c=" + Digests.crc32c(v2),
                gw.head("/data/b5.txt", "Want-Digest", "crc32c").headers().firstValue("Digest").orElse(null));
        HttpResponse<byte[]> get = gw.get("/data/b5.txt");
        assertEquals("rewritten behind its back!!!", TestGateway.text(get));
        assertNotEquals(etag1, get.headers().firstValue("ETag").orElse(null), "the ETag follows the content");
    }

    @Test
    void fileReplacedByRenameBehindTheBackGetsANewChecksum() throws Exception {
        byte[] v1 = bytes("original");
        assertEquals(201, gw.put("/data/b6.txt", v1).statusCode());
        assertEquals("adler32=" + Digests.adler32(v1), adler("/data/b6.txt"));
        byte[] v2 = bytes("replaced by mv");
        Path staged = gw.root().resolve("b6.staging");
        Files.write(staged, v2);
        Files.move(staged, gw.root().resolve("b6.txt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals("adler32=" + Digests.adler32(v2), adler("/data/b6.txt"));
    }
}
