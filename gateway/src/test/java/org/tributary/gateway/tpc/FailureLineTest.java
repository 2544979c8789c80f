package org.tributary.gateway.tpc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.gateway.tpc.TpcPeers.head;
import static org.tributary.gateway.tpc.TpcPeers.lastLine;
import static org.tributary.gateway.tpc.TpcPeers.send;

/**
 * The final line of a failed third-party copy is a short reason for the client (what failed, the remote's status or
 * error), never the HTTP client's internal state: each failure kind a scripted source can cause gives one line of
 * bounded length without socket addresses, object identities or class names. The detail goes to the server log.
 */
class FailureLineTest {

    static final int MAX_LINE = 200;
    /** 127.0.0.1:4711, /127.0.0.1, [::1]:80, l=/..., r=/... */
    static final Pattern ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}(:\\d+)?|\\[[0-9a-fA-F:]*]:\\d+|[lr]=/");
    /** org.eclipse.jetty.X, java.io.EOFException, SomethingException, Foo@1a2b3c */
    static final Pattern INTERNALS = Pattern.compile("\\b[a-z]+(\\.[a-z0-9_]+)+\\.[A-Z]\\w*|\\w*(Exception|Error)\\b"
            + "|@[0-9a-f]{4,}|\\{[^}]*=");

    @TempDir
    Path dir;
    TpcPeers.Gw src;
    TpcPeers.Gw dst;
    final List<String> lines = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        src = new TpcPeers.Gw(dir.resolve("src"), "");
        dst = new TpcPeers.Gw(dir.resolve("dst"), "idle-timeout: 1s");
    }

    @AfterEach
    void stop() throws Exception {
        src.close();
        dst.close();
    }

    /** Runs a COPY that must fail; checks and returns its last line. */
    String failure(String method, String path, String remoteHeader, String remote, String... more) throws Exception {
        List<String> h = new ArrayList<>(List.of(remoteHeader, remote, "RequireChecksumVerification", "false"));
        h.addAll(List.of(more));
        HttpResponse<String> r = send(method, dst.url(path), h.toArray(String[]::new));
        assertEquals(202, r.statusCode(), r.body());
        String last = lastLine(r.body());
        assertTrue(last.startsWith("failure: ") || last.startsWith("aborted: "), last);
        assertTrue(last.length() <= MAX_LINE, last.length() + " characters: " + last);
        assertFalse(ADDRESS.matcher(last.replace(remote, "")).find(), "a socket address: " + last);
        assertFalse(INTERNALS.matcher(last).find(), "client internals: " + last);
        assertFalse(last.contains("\r"), last);
        lines.add(last);
        return last;
    }

    static TpcPeers.RawSource source(TpcPeers.Script s) throws IOException {
        return new TpcPeers.RawSource(s);
    }

    @Test
    void sourceAnswers404WithALongPage() throws Exception {
        String page = "<html><body>" + "not here ".repeat(600) + "</body></html>";
        try (TpcPeers.RawSource s = source((line, h, out) -> {
            head(out, "404 Not Found", "Content-Type", "text/html", "Content-Length", String.valueOf(page.length()));
            out.write(page.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        })) {
            assertTrue(failure("COPY", "/data/a", "Source", s.url("/f")).contains("404"));
        }
    }

    @Test
    void sourceDiesMidBody() throws Exception {
        try (TpcPeers.RawSource s = source((line, h, out) -> {
            head(out, "200 OK", "Content-Length", "1048576");
            out.write(new byte[100_000]);
            out.flush();
            throw new IOException("source dies");
        })) {
            assertTrue(failure("COPY", "/data/a", "Source", s.url("/f")).contains("source"));
        }
    }

    @Test
    void sourceClosesBeforeAnyByte() throws Exception {
        try (TpcPeers.RawSource s = source((line, h, out) -> {
            throw new IOException("closes at once");
        })) {
            failure("COPY", "/data/a", "Source", s.url("/f"));
        }
    }

    @Test
    void sourceSendsNoHttp() throws Exception {
        try (TpcPeers.RawSource s = source((line, h, out) -> {
            out.write("SSH-2.0-OpenSSH_9.6\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        })) {
            failure("COPY", "/data/a", "Source", s.url("/f"));
        }
    }

    @Test
    void nothingListensAtTheSource() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        assertTrue(failure("COPY", "/data/a", "Source", "http://127.0.0.1:" + port + "/f").contains("refused"));
        assertTrue(failure("COPY", "/data/a", "Source", "http://localhost:" + port + "/f").contains("refused"));
    }

    @Test
    void sourceStalls() throws Exception {
        try (TpcPeers.RawSource s = source((line, h, out) -> {
            head(out, "200 OK", "Content-Length", "1000");
            out.write(new byte[10]);
            out.flush();
            Thread.sleep(5_000);
        })) {
            failure("COPY", "/data/a", "Source", s.url("/f"));
        }
    }

    @Test
    void tlsToAPlainSource() throws Exception {
        try (TpcPeers.RawSource s = source((line, h, out) -> head(out, "200 OK", "Content-Length", "0"))) {
            failure("COPY", "/data/a", "Source", s.url("/f").replace("http://", "https://"));
        }
    }

    @Test
    void redirectLoop() throws Exception {
        try (TpcPeers.RawSource s = source((line, h, out) ->
                head(out, "302 Found", "Location", "/again", "Content-Length", "0"))) {
            failure("COPY", "/data/a", "Source", s.url("/f"));
        }
    }

    @Test
    void multiStreamSourceDiesInARange() throws Exception {
        try (TpcPeers.RawSource s = source((line, h, out) -> {
            if (line.startsWith("HEAD")) {
                head(out, "200 OK", "Content-Length", "1048576", "Accept-Ranges", "bytes");
                return;
            }
            head(out, "206 Partial Content", "Content-Length", "65536", "Content-Range",
                    h.get("range").replace("=", " ").replaceFirst("$", "/1048576"));
            out.write(new byte[1000]);
            out.flush();
            throw new IOException("dies in a range");
        })) {
            failure("COPY", "/data/a", "Source", s.url("/f"), "X-Number-Of-Streams", "4");
        }
    }

    @Test
    void pushToADestinationThatRefusesOrDies() throws Exception {
        TpcPeers.put(dst.url("/data/local"), new byte[200_000]);
        try (TpcPeers.RawSource d = source((line, h, out) -> {
            String page = "forbidden ".repeat(300);
            head(out, "403 Forbidden", "Content-Length", String.valueOf(page.length()));
            out.write(page.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        })) {
            assertTrue(failure("COPY", "/data/local", "Destination", d.url("/f")).contains("403"));
        }
        try (TpcPeers.RawSource d = source((line, h, out) -> {
            throw new IOException("dies");
        })) {
            failure("COPY", "/data/local", "Destination", d.url("/f"));
        }
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        assertTrue(failure("COPY", "/data/local", "Destination", "http://127.0.0.1:" + port + "/f").contains("refused"));
    }

    @Test
    void destinationFull() throws Exception {
        TpcPeers.put(src.url("/data/big"), new byte[2 << 20]);
        failure("COPY", "/small/big", "Source", src.url("/data/big"));
    }
}
