package org.tributary.gateway.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.TestGateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request head must arrive completely within {@code request-head-timeout} (1s here), even when every byte comes
 * well within the idle timeout (30s here): a client that sends its head a byte at a time ("slowloris") is
 * disconnected, on a new connection and on a kept-alive one. A client that idles on a kept-alive connection (no byte)
 * and then sends a whole request is still served.
 */
class SlowRequestHeadTest {

    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.in(dir).area(TestGateway.DATA).server("idle-timeout: 30s", "request-head-timeout: 1s").start();
        assertEquals(201, gw.put("/data/f", "content").statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    /**
     * Sends {@code head} one byte every 200 ms; returns how many bytes were written before the server closed the
     * connection, or the head's length if it never did (then the answer is read).
     */
    static int trickle(Socket s, byte[] head) throws Exception {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        s.setSoTimeout(200);
        for (int i = 0; i < head.length; i++) {
            try {
                out.write(head[i]);
                out.flush();
            } catch (IOException closed) {
                return i;
            }
            try {
                int r = in.read(); // paces the trickle, and sees the close as soon as it happens
                if (r < 0) return i + 1;
            } catch (java.net.SocketTimeoutException stillOpen) {
                // the usual case: nothing to read yet
            } catch (IOException reset) {
                return i + 1;
            }
        }
        return head.length;
    }

    static byte[] getHead(String extra) {
        return ("GET /data/f HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris/1.0 (a rather long agent string)\r\n"
                + extra + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aHeadSentByteByByteOnANewConnectionIsCutOff() throws Exception {
        byte[] head = getHead("");
        try (Socket s = RawHttp.connect(gw.port())) {
            int sent = trickle(s, head);
            assertTrue(sent < head.length, "the server read the whole slow head (" + head.length + " bytes)");
        }
    }

    @Test
    void aHeadSentByteByByteOnAKeptAliveConnectionIsCutOff() throws Exception {
        try (Socket s = RawHttp.connect(gw.port())) {
            s.getOutputStream().write(getHead(""));
            RawHttp.Response first = RawHttp.read(s.getInputStream(), false);
            assertEquals(200, first.status());
            byte[] head = getHead("Connection: close\r\n");
            int sent = trickle(s, head);
            assertTrue(sent < head.length, "the server read the whole slow second head (" + head.length + " bytes)");
        }
    }

    @Test
    void anIdleKeptAliveConnectionThatThenSendsAWholeRequestIsServed() throws Exception {
        try (Socket s = RawHttp.connect(gw.port())) {
            s.getOutputStream().write(getHead(""));
            assertEquals(200, RawHttp.read(s.getInputStream(), false).status());
            Thread.sleep(2500); // more than twice the head timeout, far less than the idle timeout
            s.getOutputStream().write(getHead("Connection: close\r\n"));
            RawHttp.Response second = RawHttp.read(s.getInputStream(), false);
            assertEquals(200, second.status());
            assertEquals("content", second.text());
        }
    }
}
