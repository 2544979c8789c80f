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
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An upload the server refuses half-way (quota) must not cost the client its next request: either the rest of the
 * body is read and the connection stays usable, or the answer says "Connection: close". A silent close made HTTP
 * clients reuse a dead connection (seen as a flaky QuotaExceededTest under load).
 */
class RefusedUploadConnectionTest {

    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.in(dir).area(TestGateway.DATA, "quota: 1MiB").start();
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    @Test
    void chunkedUploadOverQuotaIsAnswered507AndTheConnectionStaysHonest() throws Exception {
        try (Socket s = RawHttp.connect(gw.port())) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("PUT /data/over.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 32; i++) { // 2 MiB against a 1 MiB quota
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawHttp.Response r = RawHttp.read(in, false);
            assertEquals(507, r.status());
            String connection = r.header("Connection");
            if (connection != null && connection.equalsIgnoreCase("close")) return; // told: fine
            // Not told to go: the same connection must serve the next request.
            out.write("HEAD /data/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawHttp.Response next = RawHttp.read(in, true);
            assertEquals(200, next.status());
        }
        assertTrue(!java.nio.file.Files.exists(gw.root().resolve("over.bin")));
    }
}
