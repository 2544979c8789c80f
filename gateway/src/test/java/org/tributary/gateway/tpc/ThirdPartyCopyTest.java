package org.tributary.gateway.tpc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.zip.Adler32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.gateway.tpc.TpcPeers.files;
import static org.tributary.gateway.tpc.TpcPeers.head;
import static org.tributary.gateway.tpc.TpcPeers.lastLine;
import static org.tributary.gateway.tpc.TpcPeers.send;

/** HTTP-TPC between two real gateways on loopback, and against scripted faulty sources (SPECS §1). */
class ThirdPartyCopyTest {

    /** One marker block exactly as davix parses it: one space after each colon. */
    static final Pattern MARKER = Pattern.compile("Perf Marker\n\tTimestamp: \\d+\n\tStripe Index: \\d+\n"
            + "\tStripe Bytes Transferred: \\d+\n\tTotal Stripe Count: \\d+\n(\tRemoteConnections: tcp:[^\n]+\n)?");

    @TempDir
    Path dir;
    TpcPeers.Gw src;
    TpcPeers.Gw dst;

    @BeforeEach
    void start() throws Exception {
        src = new TpcPeers.Gw(dir.resolve("src"), "");
        dst = new TpcPeers.Gw(dir.resolve("dst"), "");
    }

    @AfterEach
    void stop() throws Exception {
        src.close();
        dst.close();
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    static String adler(byte[] b) {
        Adler32 a = new Adler32();
        a.update(b);
        return String.format("%08x", a.getValue());
    }

    private void assertWellFormed(String body) {
        List<String> markers = TpcPeers.markersIn(body);
        assertFalse(markers.isEmpty(), body);
        for (String m : markers) assertTrue(MARKER.matcher(m).matches(), "bad marker: " + m);
        assertEquals(1, body.lines().filter(l -> l.matches("^(success|failure|failed|aborted):.*")).count(), body);
    }

    /** FTS passes Rucio's archive metadata on the COPY to the active party; the pulled file keeps it (SPECS §2.5a). */
    @Test
    void aPullStoresTheArchiveMetadataOfTheCopyWithTheFile() throws Exception {
        assertEquals(201, TpcPeers.put(src.url("/data/in/am"), random(1000)).statusCode());
        Files.createDirectories(dst.root.resolve("out"));
        String json = "{\"collocation\":\"run-7\"}";
        HttpResponse<String> r = send("COPY", dst.url("/data/out/am"), "Source", src.url("/data/in/am"),
                "Credential", "none", "ArchiveMetadata",
                java.util.Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals("success: Created", lastLine(r.body()));
        var area = dst.server.areas().getFirst().backend();
        assertEquals(json, area.attributes(org.tributary.backend.AreaPath.parse("/out/am"))
                .get(org.tributary.backend.staging.ArchiveMetadata.ATTRIBUTE));
        HttpResponse<String> bad = send("COPY", dst.url("/data/out/am2"), "Source", src.url("/data/in/am"),
                "Credential", "none", "ArchiveMetadata", "not-json");
        assertEquals(400, bad.statusCode(), bad.body());
        assertFalse(Files.exists(dst.root.resolve("out/am2")));
    }

    @Test
    void pullBetweenTwoGateways() throws Exception {
        byte[] data = random(3 << 20);
        assertEquals(201, TpcPeers.put(src.url("/data/in/f"), data).statusCode());
        Files.createDirectories(dst.root.resolve("out"));
        HttpResponse<String> r = send("COPY", dst.url("/data/out/f"), "Source", src.url("/data/in/f"),
                "Credential", "none", "RequireChecksumVerification", "true");
        assertEquals(202, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertWellFormed(r.body());
        assertEquals("success: Created", lastLine(r.body()));
        assertTrue(r.body().contains("\tRemoteConnections: tcp:127.0.0.1:" + src.server.httpPort()), r.body());
        assertArrayEquals(data, Files.readAllBytes(dst.root.resolve("out/f")));
        // gfal2's next step: HEAD + Want-Digest on the destination must already see the committed checksum.
        HttpResponse<String> h = send("HEAD", dst.url("/data/out/f"), "Want-Digest", "adler32");
        assertEquals("adler32=" + adler(data), h.headers().firstValue("Digest").orElse(""));
    }

    @Test
    void davsSourceIsReadAsHttpsAndDavAsHttp() throws Exception {
        byte[] data = random(1000);
        TpcPeers.put(src.url("/data/g"), data);
        HttpResponse<String> r = send("COPY", dst.url("/data/g"), "Source",
                src.url("/data/g").replace("http://", "dav://"));
        assertEquals("success: Created", lastLine(r.body()));
        assertArrayEquals(data, Files.readAllBytes(dst.root.resolve("g")));
    }

    @Test
    void pushBetweenTwoGateways() throws Exception {
        byte[] data = random(2 << 20);
        TpcPeers.put(src.url("/data/p"), data);
        HttpResponse<String> r = send("COPY", src.url("/data/p"), "Destination", dst.url("/data/pushed"),
                "Credential", "none");
        assertEquals(202, r.statusCode());
        assertWellFormed(r.body());
        assertEquals("success: Created", lastLine(r.body()));
        assertArrayEquals(data, Files.readAllBytes(dst.root.resolve("pushed")));
    }

    @Test
    void multiStreamPullWritesOneFileInOrder() throws Exception {
        byte[] data = random(1_000_003); // 16 chunks of 64 KiB, the last one short
        TpcPeers.put(src.url("/data/m"), data);
        HttpResponse<String> r = send("COPY", dst.url("/data/m"), "Source", src.url("/data/m"),
                "X-Number-Of-Streams", "4", "RequireChecksumVerification", "true");
        assertWellFormed(r.body());
        assertEquals("success: Created", lastLine(r.body()));
        assertTrue(r.body().contains("\tTotal Stripe Count: 4\n"), r.body());
        assertArrayEquals(data, Files.readAllBytes(dst.root.resolve("m")));
        assertEquals("adler32=" + adler(data), send("HEAD", dst.url("/data/m"), "Want-Digest", "adler32")
                .headers().firstValue("Digest").orElse(""));
    }

    @Test
    void source404IsAFailureLineAndNoFile() throws Exception {
        HttpResponse<String> r = send("COPY", dst.url("/data/x"), "Source", src.url("/data/missing"));
        assertEquals(202, r.statusCode());
        assertWellFormed(r.body());
        assertTrue(lastLine(r.body()).startsWith("failure: Remote side failed with status code 404"), r.body());
        assertEquals(List.of(), files(dst.root));
    }

    @Test
    void sourceDyingMidStreamLeavesNothing() throws Exception {
        try (TpcPeers.RawSource s = new TpcPeers.RawSource((line, h, out) -> {
            head(out, "200 OK", "Content-Length", "1048576");
            out.write(random(100_000));
            out.flush();
            throw new java.io.IOException("source dies"); // closes the socket mid-body
        })) {
            HttpResponse<String> r = send("COPY", dst.url("/data/cut"), "Source", s.url("/f"),
                    "RequireChecksumVerification", "false");
            assertTrue(lastLine(r.body()).startsWith("failure: "), r.body());
            assertEquals(List.of(), files(dst.root));
        }
    }

    @Test
    void checksumMismatchFailsAndLeavesNothing() throws Exception {
        byte[] data = random(5000);
        try (TpcPeers.RawSource s = new TpcPeers.RawSource((line, h, out) -> {
            head(out, "200 OK", "Content-Length", "5000", "Digest", "adler32=00000001");
            out.write(data);
            out.flush();
        })) {
            HttpResponse<String> r = send("COPY", dst.url("/data/bad"), "Source", s.url("/f"),
                    "RequireChecksumVerification", "true");
            assertTrue(lastLine(r.body()).startsWith("failure: checksum verification failed"), r.body());
            assertEquals(List.of(), files(dst.root));
            assertEquals("adler32", s.requests.get(0).get("want-digest"));
        }
    }

    @Test
    void verificationWithoutASourceDigestFails() throws Exception {
        try (TpcPeers.RawSource s = new TpcPeers.RawSource((line, h, out) -> {
            head(out, "200 OK", "Content-Length", "3");
            out.write("abc".getBytes());
            out.flush();
        })) {
            HttpResponse<String> r = send("COPY", dst.url("/data/nodigest"), "Source", s.url("/f"),
                    "RequireChecksumVerification", "true");
            assertTrue(lastLine(r.body()).startsWith("failure: checksum verification was required"), r.body());
            r = send("COPY", dst.url("/data/nodigest"), "Source", s.url("/f"), "RequireChecksumVerification", "false");
            assertEquals("success: Created", lastLine(r.body()));
        }
    }

    @Test
    void overwriteFOnAnExistingFileIs412() throws Exception {
        TpcPeers.put(src.url("/data/o"), random(10));
        TpcPeers.put(dst.url("/data/o"), "keep".getBytes());
        HttpResponse<String> r = send("COPY", dst.url("/data/o"), "Source", src.url("/data/o"), "Overwrite", "F");
        assertEquals(412, r.statusCode());
        assertEquals("keep", Files.readString(dst.root.resolve("o")));
        // Overwrite T (the default) replaces it.
        r = send("COPY", dst.url("/data/o"), "Source", src.url("/data/o"), "Overwrite", "T");
        assertEquals("success: Created", lastLine(r.body()));
        assertEquals(10, Files.size(dst.root.resolve("o")));
    }

    @Test
    void pushWithOverwriteFOntoAnExistingRemoteFails() throws Exception {
        TpcPeers.put(src.url("/data/o"), random(10));
        TpcPeers.put(dst.url("/data/o"), "keep".getBytes());
        HttpResponse<String> r = send("COPY", src.url("/data/o"), "Destination", dst.url("/data/o"), "Overwrite", "F");
        assertEquals("failure: the destination exists and Overwrite is F", lastLine(r.body()));
        assertEquals("keep", Files.readString(dst.root.resolve("o")));
    }

    @Test
    void destinationFullIsAFailureAndLeavesNothing() throws Exception {
        TpcPeers.put(src.url("/data/big"), random(2 << 20));
        HttpResponse<String> r = send("COPY", dst.url("/small/big"), "Source", src.url("/data/big"));
        assertTrue(lastLine(r.body()).startsWith("failure: "), r.body());
        assertEquals(List.of(), files(dst.small));
    }

    @Test
    void callerDisconnectCancelsTheTransfer() throws Exception {
        try (TpcPeers.RawSource s = new TpcPeers.RawSource(TpcPeers.TRICKLE)) {
            try (Socket c = new Socket("127.0.0.1", dst.server.httpPort())) {
                c.getOutputStream().write(("COPY /data/slow HTTP/1.1\r\nHost: x\r\nSource: " + s.url("/f")
                        + "\r\nRequireChecksumVerification: false\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = c.getInputStream();
                byte[] b = new byte[200];
                int n = in.read(b);
                assertTrue(new String(b, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 202"));
                Thread.sleep(500); // some bytes arrive in the temporary
            }
            long until = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < until && (!files(dst.root).isEmpty() || !s.closedByPeer)) Thread.sleep(100);
            assertEquals(List.of(), files(dst.root));
            assertTrue(s.closedByPeer, "the transfer still reads from the source");
        }
    }

    @Test
    void remoteHostsRefusedByTheGuardGet403BeforeAnyConnection() throws Exception {
        for (String bad : new String[] {"http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/f",
                "http://192.168.1.1/f", "http://[fe80::1]/f", "http://0.0.0.0/f"}) {
            HttpResponse<String> r = send("COPY", dst.url("/data/x"), "Source", bad);
            assertEquals(403, r.statusCode(), bad + ": " + r.body());
            assertTrue(r.body().contains("is not allowed"), r.body());
        }
        assertEquals(List.of(), files(dst.root));
    }

    @Test
    void allowedHostsRestrictsEvenLoopback(@TempDir Path other) throws Exception {
        try (TpcPeers.Gw strict = new TpcPeers.Gw(other, "allowed-hosts: [se.example.org]");
             TpcPeers.RawSource s = new TpcPeers.RawSource((line, h, out) -> head(out, "200 OK", "Content-Length", "0"))) {
            HttpResponse<String> r = send("COPY", strict.url("/data/x"), "Source", s.url("/f"));
            assertEquals(403, r.statusCode());
            assertTrue(r.body().contains("not in tpc.allowed-hosts"), r.body());
            assertTrue(s.requests.isEmpty(), "no connection may be made");
        }
    }

    @Test
    void headerSyntaxAndAreaChecks() throws Exception {
        TpcPeers.put(src.url("/data/h"), random(10));
        String source = src.url("/data/h");
        assertEquals(400, send("COPY", dst.url("/data/h"), "Source", source, "Credential", "gridsite").statusCode());
        assertEquals(400, send("COPY", dst.url("/data/h"), "Source", source, "Overwrite", "yes").statusCode());
        assertEquals(400, send("COPY", dst.url("/data/h"), "Source", source, "RequireChecksumVerification", "TRUE").statusCode());
        assertEquals(400, send("COPY", dst.url("/data/h"), "Source", source, "X-Number-Of-Streams", "101").statusCode());
        assertEquals(400, send("COPY", dst.url("/data/h"), "Source", source, "X-Number-Of-Streams", "-1").statusCode());
        assertEquals(400, send("COPY", dst.url("/data/h"), "Source", source, "Destination", source).statusCode());
        assertEquals(409, send("COPY", dst.url("/data/no/parent/h"), "Source", source).statusCode());
        assertEquals(501, send("COPY", dst.url("/notpc/h"), "Source", source).statusCode());
        assertEquals(404, send("COPY", src.url("/data/absent"), "Destination", dst.url("/data/h")).statusCode());
        assertEquals(202, send("COPY", dst.url("/data/h"), "Source", source, "Credential", "none",
                "X-No-Delegate", "true", "X-Number-Of-Streams", "0").statusCode());
        assertEquals(List.of(dst.root.resolve("h")), files(dst.root));
    }

    @Test
    void transferHeadersAreForwardedWithoutTheCallersAuthorization() throws Exception {
        try (TpcPeers.RawSource s = new TpcPeers.RawSource((line, h, out) -> {
            head(out, "200 OK", "Content-Length", "2");
            out.write("ok".getBytes());
            out.flush();
        })) {
            HttpResponse<String> r = send("COPY", dst.url("/data/fw"), "Source", s.url("/f"),
                    "Authorization", "Bearer caller-token", "TransferHeaderAuthorization", "Bearer source-token",
                    "transferheaderX-Custom", "v1", "TransferHeader", "ignored", "RequireChecksumVerification", "false");
            assertEquals("success: Created", lastLine(r.body()));
            var h = s.requests.get(0);
            assertEquals("Bearer source-token", h.get("authorization"));
            assertEquals("v1", h.get("x-custom"));
            assertFalse(h.containsKey("transferheaderauthorization"));
        }
    }

    @Test
    void crossHostRedirectDropsAuthorization() throws Exception {
        try (TpcPeers.RawSource pool = new TpcPeers.RawSource((line, h, out) -> {
            head(out, "200 OK", "Content-Length", "4");
            out.write("pool".getBytes());
            out.flush();
        }); TpcPeers.RawSource door = new TpcPeers.RawSource((line, h, out) ->
                head(out, "307 Temporary Redirect", "Location", pool.url("/f?capability=x"), "Content-Length", "0"))) {
            HttpResponse<String> r = send("COPY", dst.url("/data/r"), "Source", door.url("/f"),
                    "TransferHeaderAuthorization", "Bearer t", "RequireChecksumVerification", "false");
            assertEquals("success: Created", lastLine(r.body()));
            assertEquals("Bearer t", door.requests.get(0).get("authorization"));
            assertNull(pool.requests.get(0).get("authorization"));
            assertEquals("pool", Files.readString(dst.root.resolve("r")));
        }
    }

    @Test
    void beyondTheQueueIs503WithRetryAfter(@TempDir Path other) throws Exception {
        try (TpcPeers.Gw tight = new TpcPeers.Gw(other, "max-active: 1, max-queued: 0");
             TpcPeers.RawSource s = new TpcPeers.RawSource((line, h, out) -> {
                 head(out, "200 OK", "Content-Length", "3");
                 Thread.sleep(1500);
                 out.write("abc".getBytes());
                 out.flush();
             })) {
            var first = TpcPeers.HTTP.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(tight.url("/data/a")))
                    .method("COPY", java.net.http.HttpRequest.BodyPublishers.noBody()).header("Source", s.url("/f"))
                    .header("RequireChecksumVerification", "false").build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(500);
            HttpResponse<String> second = send("COPY", tight.url("/data/b"), "Source", s.url("/f"));
            assertEquals(503, second.statusCode());
            assertEquals("30", second.headers().firstValue("Retry-After").orElse(""));
            assertEquals("success: Created", lastLine(first.get().body()));
        }
    }

    @Test
    void pushFollowsARedirectBeforeSendingTheBody() throws Exception {
        byte[] data = random(300_000);
        TpcPeers.put(src.url("/data/rp"), data);
        try (TpcPeers.RawSource door = new TpcPeers.RawSource((line, h, out) -> {
            // Expect: 100-continue lets the door answer before any body byte is sent.
            head(out, "307 Temporary Redirect", "Location", dst.url("/data/rp"), "Content-Length", "0");
        })) {
            HttpResponse<String> r = send("COPY", src.url("/data/rp"), "Destination", door.url("/door/rp"));
            assertEquals("success: Created", lastLine(r.body()));
            assertEquals("100-continue", door.requests.get(0).get("expect"));
            assertArrayEquals(data, Files.readAllBytes(dst.root.resolve("rp")));
        }
    }

    static void write(OutputStream out, String s) throws java.io.IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }
}
