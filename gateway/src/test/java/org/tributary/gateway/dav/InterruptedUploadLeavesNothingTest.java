package org.tributary.gateway.dav;

import org.junit.jupiter.api.Test;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.DefaultGatewayTest;
import org.tributary.gateway.TestGateway;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An upload whose client goes away mid-body publishes nothing: no file under the final name (an existing file keeps
 * its old content) and its temporary is removed. The test waits until the upload's temporary exists, so it knows the
 * server really started writing, then cuts the connection and polls (at most 5 s) for the temporary to go.
 */
class InterruptedUploadLeavesNothingTest extends DefaultGatewayTest {

    static final int DECLARED = 1024 * 1024;
    static final int SENT = 100 * 1024;

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** Sends the head and part of the body, waits for the temporary in {@code where}, then closes (or resets). */
    private static void cutOff(String target, Path where, boolean chunked, boolean reset) throws Exception {
        try (Socket s = RawHttp.connect(gw.port())) {
            OutputStream out = s.getOutputStream();
            if (chunked) {
                out.write(RawHttp.head(gw.port(), "PUT", target, null, "Transfer-Encoding", "chunked"));
                out.write((Integer.toHexString(SENT) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(random(SENT));
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.write((Integer.toHexString(SENT) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(random(SENT / 2)); // the second chunk never finishes
            } else {
                out.write(RawHttp.head(gw.port(), "PUT", target, (long) DECLARED));
                out.write(random(SENT));
            }
            out.flush();
            assertTrue(TestGateway.eventually(() -> !TestGateway.temporaries(where).isEmpty()),
                    "the upload's temporary should exist while the body is streaming");
            if (reset) s.setSoLinger(true, 0);
        }
    }

    private static void assertTemporariesGone(Path where) throws Exception {
        assertTrue(TestGateway.eventually(() -> TestGateway.temporaries(where).isEmpty()),
                "temporaries left after the client went away: " + TestGateway.temporaries(where));
    }

    @Test
    void closedMidBodyLeavesNoFileAndNoTemporary() throws Exception {
        cutOff("/data/cut1.bin", gw.root(), false, false);
        assertTemporariesGone(gw.root());
        assertFalse(Files.exists(gw.root().resolve("cut1.bin")));
        assertEquals(404, gw.head("/data/cut1.bin").statusCode());
    }

    @Test
    void resetMidBodyLeavesNoFileAndNoTemporary() throws Exception {
        Files.createDirectories(gw.root().resolve("rst"));
        cutOff("/data/rst/cut2.bin", gw.root().resolve("rst"), false, true);
        assertTemporariesGone(gw.root().resolve("rst"));
        assertFalse(Files.exists(gw.root().resolve("rst/cut2.bin")));
    }

    @Test
    void chunkedUploadCutOffLeavesNothing() throws Exception {
        Files.createDirectories(gw.root().resolve("chunked"));
        cutOff("/data/chunked/cut3.bin", gw.root().resolve("chunked"), true, false);
        assertTemporariesGone(gw.root().resolve("chunked"));
        assertFalse(Files.exists(gw.root().resolve("chunked/cut3.bin")));
    }

    @Test
    void interruptedOverwriteKeepsTheOldFile() throws Exception {
        Files.createDirectories(gw.root().resolve("over"));
        assertEquals(201, gw.put("/data/over/keep.bin", "old content").statusCode());
        String etag = gw.head("/data/over/keep.bin").headers().firstValue("ETag").orElseThrow();
        cutOff("/data/over/keep.bin", gw.root().resolve("over"), false, false);
        assertTemporariesGone(gw.root().resolve("over"));
        assertEquals("old content", Files.readString(gw.root().resolve("over/keep.bin")));
        assertEquals(etag, gw.head("/data/over/keep.bin").headers().firstValue("ETag").orElse(null));
    }

    @Test
    void interruptedUploadIntoNewParentsLeavesNoFile() throws Exception {
        Files.createDirectories(gw.root().resolve("np"));
        cutOff("/data/np/a/b/cut4.bin", gw.root().resolve("np"), false, false);
        assertTemporariesGone(gw.root().resolve("np"));
        assertFalse(Files.exists(gw.root().resolve("np/a/b/cut4.bin")));
    }

    /**
     * A client that half-closes its side mid-body can still read an answer: it gets a 400 naming the short body, never
     * the 500 Jetty writes for a failed request (seen in CI when a stopping server's client gave up).
     */
    @Test
    void aBodyEndedEarlyByTheClientIsA400WithAReason() throws Exception {
        Files.createDirectories(gw.root().resolve("half"));
        try (Socket s = RawHttp.connect(gw.port())) {
            OutputStream out = s.getOutputStream();
            out.write(RawHttp.head(gw.port(), "PUT", "/data/half/short.bin", (long) DECLARED));
            out.write(random(SENT));
            out.flush();
            assertTrue(TestGateway.eventually(() -> !TestGateway.temporaries(gw.root().resolve("half")).isEmpty()),
                    "the upload's temporary should exist while the body is streaming");
            s.shutdownOutput();
            RawHttp.Response r = RawHttp.read(s.getInputStream(), false);
            assertEquals(400, r.status(), r.toString());
            assertTrue(r.text().contains("ended"), r.toString());
            assertEquals("close", r.headers().get("connection").get(0), r.toString());
        }
        assertTemporariesGone(gw.root().resolve("half"));
        assertFalse(Files.exists(gw.root().resolve("half/short.bin")));
    }

    @Test
    void serverKeepsWorkingAfterwards() throws Exception {
        Files.createDirectories(gw.root().resolve("after"));
        cutOff("/data/after/cut5.bin", gw.root().resolve("after"), false, false);
        byte[] whole = random(DECLARED);
        assertEquals(201, gw.put("/data/after/cut5.bin", whole).statusCode());
        assertEquals(DECLARED, Files.size(gw.root().resolve("after/cut5.bin")));
        assertTemporariesGone(gw.root().resolve("after"));
    }
}
