package org.tributary.gateway.dav;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.TestGateway;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No request path, however spelled, reaches outside the area root: dot segments (plain, percent-encoded, overlong
 * UTF-8), NUL, backslashes, encoded slashes, reserved internal names, and symlinks inside the root that point out.
 * Requests are sent byte for byte over a socket so no client library normalises them first.
 */
class PathConfinementTest {

    static final String MARKER = "OUTSIDE-SECRET-4e1d";
    static final Set<Integer> REFUSED = Set.of(400, 403, 404);

    @TempDir
    static Path dir;
    static TestGateway gw;
    static Path outside;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.startDefault(dir); // root is <dir>/roots/data
        outside = dir.resolve("outside");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("secret.txt"), MARKER + "\n");
        Path root = gw.root();
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.createSymbolicLink(root.resolve("escape-file"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("escape-etc"), Path.of("/etc"));
        Files.createDirectories(root.resolve("realdir"));
        Files.writeString(root.resolve("realdir/inside.txt"), "inside");
        Files.createSymbolicLink(root.resolve("inner-link"), root.resolve("realdir"));
        Files.createSymbolicLink(root.resolve("relative-escape"), Path.of("../../outside"));
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    private static void assertRefusedWithoutLeak(String method, String target, RawHttp.Response r) {
        String body = r.text();
        assertTrue(REFUSED.contains(r.status()), method + " " + target + " must be refused, got " + r);
        assertFalse(body.contains(MARKER), method + " " + target + " leaked outside content");
        assertFalse(body.contains("root:x:0:0"), method + " " + target + " leaked /etc/passwd");
        assertFalse(body.contains(dir.toString()), method + " " + target + " leaked a host path: " + body);
    }

    private static void assertOutsideUntouched() {
        assertEquals(List.of("secret.txt"), TestGateway.names(outside));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/data/../etc/passwd",
            "/data/../../outside/secret.txt",
            "/data/../../../outside/secret.txt",
            "/data/%2e%2e/%2e%2e/etc/passwd",
            "/data/%2e%2e/%2e%2e/outside/secret.txt",
            "/data/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
            "/data/.%2e/.%2e/outside/secret.txt",
            "/data/%2e./%2e./outside/secret.txt",
            "/data/a%00b",
            "/data/secret.txt%00.jpg",
            "/data/..%5c..%5cetc%5cpasswd",
            "/data/..%5c..%5coutside%5csecret.txt",
            "/data/..\\..\\outside\\secret.txt",
            "/data/%2e%2e%2f%2e%2e%2foutside%2fsecret.txt",
            "/data/..%2f..%2foutside%2fsecret.txt",
            "/data/%c0%ae%c0%ae/%c0%ae%c0%ae/outside/secret.txt",
            "/data/%c0%ae%c0%ae/x",
            "/data/%e0%80%ae%e0%80%ae/x",
            "/data/%252e%252e/x",
            "/data/%252e%252e/%252e%252e/outside/secret.txt",
            "/data/.tributary-tmp-x",
            "/data/.tributary-meta-secret",
            "/data/sub/.tributary-tmp-y",
            "/data/escape/secret.txt",
            "/data/escape-file",
            "/data/escape-etc/passwd",
            "/data/relative-escape/secret.txt",
            "/data/escape/",
    })
    void getIsRefused(String target) throws Exception {
        assertRefusedWithoutLeak("GET", target, gw.raw("GET", target, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/data/escape/secret.txt",
            "/data/escape-file",
            "/data/%2e%2e/%2e%2e/outside/secret.txt",
    })
    void headAndPropfindAreRefused(String target) throws Exception {
        RawHttp.Response head = gw.raw("HEAD", target, null, "Want-Digest", "adler32");
        assertTrue(REFUSED.contains(head.status()), "HEAD " + target + ": " + head);
        assertTrue(head.header("Digest") == null, "no checksum of an outside file");
        RawHttp.Response pf = gw.raw("PROPFIND", target, new byte[0], "Depth", "1");
        assertRefusedWithoutLeak("PROPFIND", target, pf);
        assertFalse(pf.text().contains("secret.txt"), "PROPFIND listed outside names: " + pf.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/data/../../outside/new.txt",
            "/data/%2e%2e/%2e%2e/outside/new.txt",
            "/data/..%5c..%5coutside%5cnew.txt",
            "/data/%c0%ae%c0%ae/%c0%ae%c0%ae/outside/new.txt",
            "/data/escape/new.txt",
            "/data/escape/deeper/new.txt",
            "/data/relative-escape/new.txt",
            "/data/escape-file",
            "/data/.tributary-tmp-forged",
            "/data/.tributary-meta-escape-file",
    })
    void putIsRefusedAndWritesNothingOutside(String target) throws Exception {
        byte[] body = "attacker".getBytes(StandardCharsets.UTF_8);
        RawHttp.Response r = gw.raw("PUT", target, body);
        assertTrue(r.status() >= 400 && r.status() < 500, "PUT " + target + " must be refused: " + r);
        assertOutsideUntouched();
        assertEquals(MARKER + "\n", Files.readString(outside.resolve("secret.txt")));
        assertFalse(Files.exists(gw.root().resolve(".tributary-tmp-forged")));
        assertEquals(List.of(), TestGateway.temporaries(gw.root()));
        assertEquals(List.of(), TestGateway.temporaries(outside));
    }

    @Test
    void mkcolThroughOutwardLinkCreatesNothingOutside() throws Exception {
        RawHttp.Response r = gw.raw("MKCOL", "/data/escape/newdir", null);
        assertTrue(r.status() >= 400 && r.status() < 500, r.toString());
        assertOutsideUntouched();
    }

    @Test
    void deleteOfOutwardLinkTargetIsRefused() throws Exception {
        RawHttp.Response r = gw.raw("DELETE", "/data/escape/secret.txt", null);
        assertTrue(REFUSED.contains(r.status()), r.toString());
        RawHttp.Response r2 = gw.raw("DELETE", "/data/escape", null);
        assertTrue(r2.status() >= 400, r2.toString());
        assertOutsideUntouched();
        assertEquals(MARKER + "\n", Files.readString(outside.resolve("secret.txt")));
    }

    @Test
    void deleteOfADirectoryHoldingAnOutwardLinkNeverTouchesTheTarget() throws Exception {
        Path holder = gw.root().resolve("holder");
        Files.createDirectories(holder);
        Files.createSymbolicLink(holder.resolve("link"), outside);
        Files.writeString(holder.resolve("own"), "own");
        RawHttp.Response r = gw.raw("DELETE", "/data/holder", null);
        assertTrue(r.status() < 500, "no internal error: " + r);
        assertOutsideUntouched();
        assertEquals(MARKER + "\n", Files.readString(outside.resolve("secret.txt")));
    }

    @Test
    void copyFromOutwardLinkIsRefused() throws Exception {
        HttpResponse<byte[]> r = gw.copyOrMove("COPY", "/data/escape-file", "/data/stolen");
        assertTrue(REFUSED.contains(r.statusCode()), "COPY: " + r.statusCode());
        assertFalse(Files.exists(gw.root().resolve("stolen")));
        HttpResponse<byte[]> r2 = gw.copyOrMove("COPY", "/data/escape", "/data/stolen-dir");
        assertTrue(REFUSED.contains(r2.statusCode()), "COPY dir: " + r2.statusCode());
        assertFalse(Files.exists(gw.root().resolve("stolen-dir")));
    }

    @Test
    void copyIntoOutwardLinkIsRefused() throws Exception {
        assertEquals(201, gw.put("/data/payload", "attacker").statusCode());
        HttpResponse<byte[]> r = gw.copyOrMove("COPY", "/data/payload", "/data/escape/dropped");
        assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, "COPY into link: " + r.statusCode());
        HttpResponse<byte[]> m = gw.copyOrMove("MOVE", "/data/payload", "/data/escape/dropped");
        assertTrue(m.statusCode() >= 400 && m.statusCode() < 500, "MOVE into link: " + m.statusCode());
        assertOutsideUntouched();
    }

    @Test
    void copyWithDestinationDotSegmentsIsRefused() throws Exception {
        assertEquals(201, gw.put("/data/payload2", "attacker").statusCode());
        HttpResponse<byte[]> r = gw.send("COPY", "/data/payload2", (byte[]) null,
                "Destination", gw.base() + "/data/%2e%2e/%2e%2e/outside/dropped");
        assertTrue(r.statusCode() >= 400 && r.statusCode() < 500 || r.statusCode() == 502, "got " + r.statusCode());
        assertOutsideUntouched();
    }

    @Test
    void proppatchOnOutwardLinkIsRefused() throws Exception {
        String patch = "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><Z:k xmlns:Z=\"urn:z\">v</Z:k></D:prop></D:set></D:propertyupdate>";
        RawHttp.Response r = gw.raw("PROPPATCH", "/data/escape-file", patch.getBytes(StandardCharsets.UTF_8));
        assertTrue(REFUSED.contains(r.status()), r.toString());
        assertOutsideUntouched();
    }

    @Test
    void outwardLinksAreNotListed() {
        List<String> hrefs = gw.propfind207("/data/", "1", "").hrefs();
        assertFalse(hrefs.stream().anyMatch(h -> h.contains("escape")), hrefs.toString());
        assertTrue(hrefs.contains("/data/realdir/"), hrefs.toString());
        String html = TestGateway.text(gw.get("/data/"));
        assertFalse(html.contains("escape"), html);
    }

    @Test
    void linkThatStaysInsideTheRootWorks() {
        HttpResponse<byte[]> r = gw.get("/data/inner-link/inside.txt");
        assertEquals(200, r.statusCode());
        assertEquals("inside", TestGateway.text(r));
    }

    @Test
    void doubleEncodingIsDecodedOnceToALiteralName() throws Exception {
        // "%252e%252e" names the literal directory "%2e%2e", never ".."
        assertEquals(404, gw.raw("GET", "/data/%252e%252e/x", null).status());
        Files.createDirectories(gw.root().resolve("%2e%2e"));
        Files.writeString(gw.root().resolve("%2e%2e/x"), "literal");
        RawHttp.Response r = gw.raw("GET", "/data/%252e%252e/x", null);
        assertEquals(200, r.status(), r.toString());
        assertEquals("literal", r.text());
    }

    @Test
    void reservedNamesCannotBeRead() throws Exception {
        Files.writeString(gw.root().resolve(".tributary-tmp-planted"), "internal");
        RawHttp.Response r = gw.raw("GET", "/data/.tributary-tmp-planted", null);
        assertTrue(REFUSED.contains(r.status()), r.toString());
        assertFalse(r.text().contains("internal"));
    }
}
