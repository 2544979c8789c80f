package org.tributary.gateway.server;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tributary.gateway.DefaultGatewayTest;
import org.tributary.gateway.RawHttp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Several requests on one keep-alive connection: a request answered with an error before its body was read must
 * not leave that body on the wire to be parsed as the next request.
 */
class PersistentConnectionTest extends DefaultGatewayTest {

    @BeforeAll
    static void seed() throws Exception {
        assertEquals(201, gw.put("/data/afile", "hello").statusCode());
    }

    private static byte[] request(String method, String target, byte[] body) {
        String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + gw.port() + "\r\n"
                + (body == null ? "" : "Content-Length: " + body.length + "\r\n") + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) return h;
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    @Test
    void successfulRequestsShareAConnection() throws Exception {
        try (Socket s = RawHttp.connect(gw.port())) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 5; i++) {
                out.write(request("GET", "/data/afile", null));
                RawHttp.Response r = RawHttp.read(in, false);
                assertEquals(200, r.status());
                assertEquals("hello", r.text());
            }
        }
    }

    @Test
    void errorWithUnreadBodyDoesNotCorruptTheNextRequest() throws Exception {
        // The body looks like a request on purpose: if it were parsed as one, its answer would be a 201 or 404
        byte[] smuggled = request("PUT", "/data/smuggled", "evil".getBytes(StandardCharsets.UTF_8));
        try (Socket s = RawHttp.connect(gw.port())) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(request("PUT", "/data/afile/below", smuggled)); // 409 before the body is read
            out.write(request("GET", "/data/afile", null));
            out.flush();
            RawHttp.Response first = RawHttp.read(in, false);
            assertEquals(409, first.status());
            RawHttp.Response second;
            try {
                second = RawHttp.read(in, false);
            } catch (IOException closed) {
                second = null; // closing the connection after an unread body is a correct answer too
            }
            if (second != null) {
                assertEquals(200, second.status(), "the second response must answer the GET: " + second);
                assertEquals("hello", second.text());
            }
        }
        assertEquals(404, gw.head("/data/smuggled").statusCode(), "the body was executed as a request");
    }
}
