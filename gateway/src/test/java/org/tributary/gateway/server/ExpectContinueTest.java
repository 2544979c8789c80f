package org.tributary.gateway.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.TestGateway;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * "Expect: 100-continue" (RFC 9110 §10.1.1): an upload that will be refused is refused before the client sends the
 * body (no 100 first), so a large file is not transferred just to be thrown away; an accepted one gets 100 Continue.
 */
class ExpectContinueTest {

    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.in(dir)
                .area("data")
                .area("strict", "put-creates-parents: false")
                .area("closed", "anonymous: none")
                .area("small", "quota: 1KiB")
                .start();
        Files.createDirectories(gw.root("data").resolve("coll"));
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    /** The first response to a PUT head with Expect: 100-continue, before any body byte is sent. */
    private static RawHttp.Response firstAnswer(String target, long length) throws Exception {
        try (Socket s = RawHttp.connect(gw.port())) {
            s.getOutputStream().write(RawHttp.head(gw.port(), "PUT", target, length, "Expect", "100-continue"));
            return RawHttp.read(s.getInputStream(), false);
        }
    }

    @Test
    void missingParentInStrictAreaIsRefusedBeforeTheBody() throws Exception {
        assertEquals(409, firstAnswer("/strict/no/parent", 1 << 20).status());
    }

    @Test
    void anonymousWriteIsRefusedBeforeTheBody() throws Exception {
        assertEquals(401, firstAnswer("/closed/f", 1 << 20).status());
    }

    @Test
    void putOntoCollectionIsRefusedBeforeTheBody() throws Exception {
        assertEquals(405, firstAnswer("/data/coll", 1 << 20).status());
    }

    @Test
    void overQuotaIsRefusedBeforeTheBody() throws Exception {
        assertEquals(507, firstAnswer("/small/f", 1 << 20).status());
    }

    @Test
    void acceptedUploadGets100ThenCreated() throws Exception {
        byte[] body = "continued".getBytes(StandardCharsets.UTF_8);
        try (Socket s = RawHttp.connect(gw.port())) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(RawHttp.head(gw.port(), "PUT", "/data/continued", (long) body.length, "Expect", "100-continue"));
            out.flush();
            assertEquals(100, RawHttp.read(in, false).status());
            out.write(body);
            out.flush();
            assertEquals(201, RawHttp.read(in, false).status());
        }
        assertEquals("continued", Files.readString(gw.root("data").resolve("continued")));
        assertFalse(Files.exists(gw.root("small").resolve("f")));
    }
}
