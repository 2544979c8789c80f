package org.tributary.gateway.dav;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.TestGateway;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a client without credentials may do, per area: "anonymous: none" answers 401 with a WWW-Authenticate
 * challenge (credentials may help; Rucio's exists reads 401 as "denied", SPECS §5.1); "anonymous: read" allows
 * reads and answers writes 401; a read-only area answers writes 403 (no credential would help).
 */
class AnonymousPolicyTest {

    static final String PATCH = "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><Z:k xmlns:Z=\"urn:z\">v</Z:k>"
            + "</D:prop></D:set></D:propertyupdate>";

    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.in(dir)
                .area("closed", "anonymous: none")
                .area("public", "anonymous: read")
                .area("archive", "anonymous: read", "read-only: true")
                .area("open", "anonymous: read-write")
                .start();
        for (String area : new String[]{"closed", "public", "archive"}) {
            Files.createDirectories(gw.root(area).resolve("dir"));
            Files.writeString(gw.root(area).resolve("dir/file.txt"), "content of " + area);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    private static void assert401(HttpResponse<byte[]> r, String what) {
        assertEquals(401, r.statusCode(), what);
        assertTrue(r.headers().firstValue("WWW-Authenticate").isPresent(), what + ": 401 needs a WWW-Authenticate challenge");
        assertFalse(TestGateway.text(r).contains("content of"), what + " leaked content");
    }

    // --- anonymous: none

    @Test
    void closedAreaReadsAre401WithChallenge() {
        assert401(gw.get("/closed/dir/file.txt"), "GET file");
        assert401(gw.head("/closed/dir/file.txt"), "HEAD file");
        assert401(gw.get("/closed/dir/"), "GET collection");
        assert401(gw.head("/closed/"), "HEAD area root");
        assert401(gw.propfind("/closed/dir/", "1", ""), "PROPFIND Depth 1");
        assert401(gw.propfind("/closed/dir/file.txt", "0", ""), "PROPFIND Depth 0");
        assert401(gw.head("/closed/dir/file.txt", "Want-Digest", "adler32"), "checksum");
    }

    @Test
    void closedAreaWritesAre401AndChangeNothing() throws Exception {
        assert401(gw.put("/closed/dir/new.txt", "x"), "PUT new");
        assertFalse(Files.exists(gw.root("closed").resolve("dir/new.txt")));
        assert401(gw.put("/closed/dir/file.txt", "x"), "PUT overwrite");
        assert401(gw.delete("/closed/dir/file.txt"), "DELETE");
        assert401(gw.mkcol("/closed/newdir"), "MKCOL");
        assertFalse(Files.exists(gw.root("closed").resolve("newdir")));
        assert401(gw.send("PROPPATCH", "/closed/dir/file.txt", PATCH), "PROPPATCH");
        assert401(gw.copyOrMove("MOVE", "/closed/dir/file.txt", "/closed/dir/moved.txt"), "MOVE");
        assertEquals("content of closed", Files.readString(gw.root("closed").resolve("dir/file.txt")));
    }

    @Test
    void closedAreaCannotBeCopiedOut() {
        assert401(gw.copyOrMove("COPY", "/closed/dir/file.txt", "/open/stolen.txt"), "COPY out of a closed area");
        assertFalse(Files.exists(gw.root("open").resolve("stolen.txt")));
    }

    @Test
    void closedAreaDoesNotRevealWhatExists() {
        // Without read rights, a missing name must look like an existing one: both 401, never 404 vs 401.
        assert401(gw.get("/closed/dir/no-such-file"), "GET missing");
        assert401(gw.head("/closed/no-such-dir/x"), "HEAD missing");
        assert401(gw.propfind("/closed/no-such", "0", ""), "PROPFIND missing");
    }

    // --- anonymous: read

    @Test
    void publicAreaAllowsReads() {
        HttpResponse<byte[]> r = gw.get("/public/dir/file.txt");
        assertEquals(200, r.statusCode());
        assertEquals("content of public", TestGateway.text(r));
        assertEquals(200, gw.head("/public/").statusCode());
        assertEquals(207, gw.propfind("/public/dir/", "1", "").statusCode());
        assertEquals(200, gw.get("/public/dir/").statusCode());
        assertTrue(gw.head("/public/dir/file.txt", "Want-Digest", "adler32").headers().firstValue("Digest").isPresent());
    }

    @Test
    void publicAreaWritesAre401AndChangeNothing() throws Exception {
        assert401(gw.put("/public/dir/new.txt", "x"), "PUT new");
        assertFalse(Files.exists(gw.root("public").resolve("dir/new.txt")));
        assert401(gw.put("/public/dir/file.txt", "overwritten"), "PUT overwrite");
        assert401(gw.delete("/public/dir/file.txt"), "DELETE");
        assert401(gw.delete("/public/dir"), "DELETE collection");
        assert401(gw.mkcol("/public/newdir"), "MKCOL");
        assertFalse(Files.exists(gw.root("public").resolve("newdir")));
        assert401(gw.send("PROPPATCH", "/public/dir/file.txt", PATCH), "PROPPATCH");
        assert401(gw.copyOrMove("MOVE", "/public/dir/file.txt", "/public/dir/moved.txt"), "MOVE");
        assert401(gw.copyOrMove("COPY", "/public/dir/file.txt", "/public/dir/copy.txt"), "COPY within");
        assertEquals("content of public", Files.readString(gw.root("public").resolve("dir/file.txt")));
        assertFalse(Files.exists(gw.root("public").resolve("dir/moved.txt")));
        assertFalse(Files.exists(gw.root("public").resolve("dir/copy.txt")));
        assertEquals(java.util.List.of(), TestGateway.temporaries(gw.root("public")));
    }

    @Test
    void publicAreaCanBeCopiedIntoAWritableArea() throws Exception {
        assertEquals(201, gw.copyOrMove("COPY", "/public/dir/file.txt", "/open/from-public.txt").statusCode());
        assertEquals("content of public", Files.readString(gw.root("open").resolve("from-public.txt")));
    }

    // --- read-only area

    @Test
    void readOnlyAreaAllowsReads() {
        assertEquals(200, gw.get("/archive/dir/file.txt").statusCode());
        assertEquals(207, gw.propfind("/archive/dir", "1", "").statusCode());
    }

    @Test
    void readOnlyAreaWritesAre403() throws Exception {
        assertEquals(403, gw.put("/archive/dir/new.txt", "x").statusCode());
        assertFalse(Files.exists(gw.root("archive").resolve("dir/new.txt")));
        assertEquals(403, gw.put("/archive/dir/file.txt", "x").statusCode());
        assertEquals(403, gw.delete("/archive/dir/file.txt").statusCode());
        assertEquals(403, gw.mkcol("/archive/newdir").statusCode());
        assertEquals(403, gw.send("PROPPATCH", "/archive/dir/file.txt", PATCH).statusCode());
        assertEquals(403, gw.copyOrMove("MOVE", "/archive/dir/file.txt", "/archive/dir/moved.txt").statusCode());
        assertEquals(201, gw.put("/open/ro-src", "x").statusCode());
        assertEquals(403, gw.copyOrMove("COPY", "/open/ro-src", "/archive/x").statusCode());
        assertFalse(Files.exists(gw.root("archive").resolve("x")));
        assertEquals("content of archive", Files.readString(gw.root("archive").resolve("dir/file.txt")));
        assertFalse(Files.exists(gw.root("archive").resolve("newdir")));
    }

    @Test
    void readOnlyRefusalCarriesNoChallenge() {
        HttpResponse<byte[]> r = gw.put("/archive/dir/new2.txt", "x");
        assertEquals(403, r.statusCode());
        assertTrue(r.headers().firstValue("WWW-Authenticate").isEmpty(), "403: no credential would help");
    }

    // --- anonymous: read-write

    @Test
    void openAreaAllowsEverything() {
        assertEquals(201, gw.put("/open/w/f", "x").statusCode());
        assertEquals(200, gw.get("/open/w/f").statusCode());
        assertEquals(201, gw.mkcol("/open/w/d").statusCode());
        assertEquals(204, gw.delete("/open/w").statusCode());
    }
}
