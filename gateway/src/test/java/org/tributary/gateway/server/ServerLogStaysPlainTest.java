package org.tributary.gateway.server;

import org.junit.jupiter.api.Test;
import org.tributary.gateway.CapturedStderr;
import org.tributary.gateway.DefaultGatewayTest;
import org.tributary.gateway.RawHttp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The server log (our lines and Jetty's, on stderr) gets no control character from a request either: requests that
 * Jetty refuses before our handler runs (a Host header with a TAB, C1 bytes or a bad port, a request target with raw
 * bytes 0x80-0xFF, a bad percent-encoding) must not bring their bytes into a warning line. Jetty's {@code HostPort}
 * quoted the Host value as it was.
 */
class ServerLogStaysPlainTest extends DefaultGatewayTest {

    static void send(byte[] head) throws IOException {
        try (Socket s = RawHttp.connect(gw.port())) {
            OutputStream out = s.getOutputStream();
            out.write(head);
            out.flush();
            try {
                s.getInputStream().readAllBytes();
            } catch (IOException reset) {
                // refused: fine
            }
        }
    }

    static byte[] request(String target, byte[] host) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("GET " + target + " HTTP/1.1\r\nHost: ").getBytes(StandardCharsets.ISO_8859_1));
        b.writeBytes(host);
        b.writeBytes("\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return b.toByteArray();
    }

    @Test
    void refusedRequestsLeaveNoControlCharactersInTheServerLog() throws Exception {
        try (CapturedStderr err = new CapturedStderr()) {
            for (int c = 0x80; c <= 0xff; c++) {
                send(request("/data/x", new byte[] {'1', '2', '7', '.', '0', (byte) c, '.', '1'}));
                send(request("/data/x", new byte[] {'1', '2', '7', '.', '0', '.', '0', '.', '1', ':', '8', (byte) c}));
                send(request("/data/x" + (char) c, "127.0.0.1".getBytes(StandardCharsets.US_ASCII)));
            }
            send(request("/data/x", "127.0.0.1:8\t080".getBytes(StandardCharsets.US_ASCII)));
            send(request("/data/x", "a\tb".getBytes(StandardCharsets.US_ASCII)));
            send(request("/data/%zz%0", "127.0.0.1".getBytes(StandardCharsets.US_ASCII)));
            String text = err.text();
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if ((ch < 0x20 && ch != '\n') || (ch >= 0x7f && ch <= 0x9f)) {
                    int from = Math.max(0, text.lastIndexOf('\n', i) + 1);
                    int to = text.indexOf('\n', i);
                    fail("control character U+" + Integer.toHexString(ch) + " in the server log line: "
                            + text.substring(from, to < 0 ? text.length() : to));
                }
            }
        }
    }
}
