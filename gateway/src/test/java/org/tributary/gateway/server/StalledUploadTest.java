package org.tributary.gateway.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.CapturedStderr;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.TestGateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An upload whose client stops sending the body (but keeps the connection open) ends cleanly at the idle timeout:
 * {@code 408} with a one-line reason and {@code Connection: close}, nothing stored, the temporary removed, no stack
 * trace or internal error in the server log, and one access-log line with the 408. For a fixed length and a chunked
 * body, a new file and an overwrite (the old content stays).
 */
class StalledUploadTest {

    @TempDir
    static Path dir;
    static TestGateway gw;
    static Path accessLog;

    @BeforeAll
    static void start() throws Exception {
        accessLog = dir.resolve("access.log");
        gw = TestGateway.in(dir).area(TestGateway.DATA).server("idle-timeout: 1s", "access-log: \"" + accessLog + "\"")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    /** Sends a head and part of a body, waits for the temporary, then sends nothing more and reads the answer. */
    static RawHttp.Response stall(String target, Path where, boolean chunked) throws Exception {
        try (Socket s = RawHttp.connect(gw.port())) {
            OutputStream out = s.getOutputStream();
            byte[] part = new byte[64 * 1024];
            if (chunked) {
                out.write(RawHttp.head(gw.port(), "PUT", target, null, "Transfer-Encoding", "chunked"));
                out.write((Integer.toHexString(2 * part.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(RawHttp.head(gw.port(), "PUT", target, 1024L * 1024));
            }
            out.write(part);
            out.flush();
            assertTrue(TestGateway.eventually(() -> !TestGateway.temporaries(where).isEmpty()),
                    "the upload's temporary should exist while the body is streaming");
            try {
                return RawHttp.read(s.getInputStream(), false);
            } catch (IOException closedWithoutAnswer) {
                return null; // allowed when the answer cannot be sent; nothing may be stored either way
            }
        }
    }

    static void assertCleanEnd(RawHttp.Response r, Path where) throws Exception {
        assertTrue(r != null, "the server answers while it still can");
        assertEquals(408, r.status(), r.toString());
        assertEquals("close", r.header("Connection"), r.toString());
        assertTrue(r.text().length() > 1 && r.text().endsWith("\n") && r.text().indexOf('\n') == r.text().length() - 1,
                "one plain-text line: " + r.text());
        assertTrue(TestGateway.eventually(() -> TestGateway.temporaries(where).isEmpty()),
                "temporaries left: " + TestGateway.temporaries(where));
    }

    @Test
    void aStalledBodyGets408AndStoresNothing() throws Exception {
        Files.createDirectories(gw.root().resolve("fixed"));
        try (CapturedStderr err = new CapturedStderr()) {
            RawHttp.Response r = stall("/data/fixed/f.bin", gw.root().resolve("fixed"), false);
            assertCleanEnd(r, gw.root().resolve("fixed"));
            assertFalse(Files.exists(gw.root().resolve("fixed/f.bin")));
            assertEquals(404, gw.head("/data/fixed/f.bin").statusCode());
            assertFalse(err.hasStackTrace(), "server log: " + err.text());
        }
        assertTrue(TestGateway.eventually(() -> log().contains("\"PUT /data/fixed/f.bin\" 408 ")), log());
    }

    @Test
    void aStalledChunkedBodyGets408AndStoresNothing() throws Exception {
        Files.createDirectories(gw.root().resolve("chunked"));
        try (CapturedStderr err = new CapturedStderr()) {
            RawHttp.Response r = stall("/data/chunked/c.bin", gw.root().resolve("chunked"), true);
            assertCleanEnd(r, gw.root().resolve("chunked"));
            assertFalse(Files.exists(gw.root().resolve("chunked/c.bin")));
            assertFalse(err.hasStackTrace(), "server log: " + err.text());
        }
    }

    @Test
    void aStalledOverwriteKeepsTheOldContent() throws Exception {
        Files.createDirectories(gw.root().resolve("over"));
        assertEquals(201, gw.put("/data/over/k.bin", "old").statusCode());
        try (CapturedStderr err = new CapturedStderr()) {
            assertCleanEnd(stall("/data/over/k.bin", gw.root().resolve("over"), false), gw.root().resolve("over"));
            assertFalse(err.hasStackTrace(), "server log: " + err.text());
        }
        assertEquals("old", Files.readString(gw.root().resolve("over/k.bin")));
    }

    static String log() {
        try {
            return Files.exists(accessLog) ? Files.readString(accessLog) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
