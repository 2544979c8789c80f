package org.tributary.gateway.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.TestGateway;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code max-connections-per-client} (4 here): one remote address holds at most that many connections; a further one
 * is closed at once, the ones it holds keep working, and a place freed by a closed connection can be used again.
 */
class ConnectionsPerClientLimitTest {

    static final int LIMIT = 4;

    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.in(dir).area(TestGateway.DATA).server("max-connections-per-client: " + LIMIT).start();
        // Written directly: the test's HTTP client would keep a connection of its own open.
        java.nio.file.Files.writeString(gw.root().resolve("f"), "content");
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    static byte[] get(boolean close) {
        return ("GET /data/f HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A connection that served one request and is kept alive. */
    static Socket held() throws IOException {
        Socket s = RawHttp.connect(gw.port());
        s.getOutputStream().write(get(false));
        assertEquals(200, RawHttp.read(s.getInputStream(), false).status());
        return s;
    }

    /** Whether a fresh connection is refused: closed by the server before (or instead of) an answer. */
    static boolean refused() throws IOException {
        try (Socket s = RawHttp.connect(gw.port())) {
            try {
                s.getOutputStream().write(get(true));
                return s.getInputStream().read() < 0;
            } catch (IOException reset) {
                return true;
            }
        }
    }

    @Test
    void theConnectionBeyondTheLimitIsClosedAndTheOthersKeepWorking() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < LIMIT; i++) sockets.add(held());
            assertTrue(refused(), "connection " + (LIMIT + 1) + " from one address was served");
            for (Socket s : sockets) {
                s.getOutputStream().write(get(false));
                assertEquals(200, RawHttp.read(s.getInputStream(), false).status(), "a held connection still works");
            }
            sockets.removeFirst().close();
            assertTrue(TestGateway.eventually(() -> {
                try {
                    return !refused();
                } catch (IOException e) {
                    return false;
                }
            }), "a freed place can be used again");
        } finally {
            for (Socket s : sockets) s.close();
        }
    }
}
