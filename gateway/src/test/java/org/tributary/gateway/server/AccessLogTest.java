package org.tributary.gateway.server;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.security.Identity;
import org.tributary.gateway.front.ExchangeHandler;
import org.tributary.gateway.http.ResponseBodies;
import org.tributary.gateway.http.RetryLaterAnswers;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request log alone, on a real Jetty server on loopback with a handler that plays the exchange handler's part
 * (it leaves an identity and a note): one record per request in the documented format, also for requests Jetty
 * refuses before any handler runs, with the query's tokens redacted and client-chosen values escaped.
 */
class AccessLogTest {

    @TempDir
    Path dir;

    /** Answers 200 "ok" and leaves what the exchange handler would: an identity, and a note for /noted. */
    static final class Exchanging extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            request.setAttribute(ExchangeHandler.LOG_IDENTITY, new Identity("https://issuer.example", "alice", null));
            if (request.getHttpURI().getPath().equals("/noted")) {
                request.setAttribute(ExchangeHandler.LOG_NOTE, "why\nnot");
            }
            Content.Source.consumeAll(request);
            ResponseBodies.text(response, 200, "text/plain", "ok\n", false);
            callback.succeeded();
            return true;
        }
    }

    List<String> logOf(Sender requests) throws Exception {
        return logOf(false, requests);
    }

    List<String> logOf(boolean json, Sender requests) throws Exception {
        Path file = dir.resolve("access.log");
        AccessLog log = AccessLog.open(file.toString(), json);
        Server server = new Server();
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        server.addConnector(c);
        server.setHandler(new Exchanging());
        server.setErrorHandler(new PlainTextErrorHandler(new RetryLaterAnswers()));
        server.setRequestLog(log);
        server.start();
        try {
            requests.send(c.getLocalPort());
        } finally {
            server.stop();
            log.close();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    interface Sender {
        void send(int port) throws Exception;
    }

    static void raw(int port, String request) throws IOException {
        try (Socket s = RawHttp.connect(port)) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.getInputStream().readAllBytes();
        }
    }

    @Test
    void oneRecordPerRequestWithIdentityBytesAndDuration() throws Exception {
        List<String> lines = logOf(port -> {
            RawHttp.exchange(port, "PUT", "/data/f?authz=secret-token&x=1", "abc".getBytes(StandardCharsets.US_ASCII),
                    "User-Agent", "gfal2 \"2.23\"");
        });
        assertEquals(1, lines.size(), lines.toString());
        String line = lines.getFirst();
        assertTrue(AccessLogLinesStayOneRecordTest.RECORD.matcher(line).matches(), line);
        assertTrue(line.contains(" 127.0.0.1 \"PUT /data/f?authz=REDACTED&x=1\" 200 3 3 "), line);
        assertTrue(line.contains("ms sub=alice iss=https://issuer.example \"gfal2 \\\"2.23\\\"\""), line);
        assertTrue(!line.contains("secret-token"), line);
    }

    @Test
    void theNoteIsEscapedAndInParentheses() throws Exception {
        String line = logOf(port -> RawHttp.exchange(port, "GET", "/noted", null)).getFirst();
        assertTrue(line.endsWith(" (why\\x0anot)"), line);
    }

    @Test
    void requestsJettyRefusesBeforeAnyHandlerAreLoggedToo() throws Exception {
        List<String> lines = logOf(port -> {
            raw(port, "GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nNo colon here\r\n\r\n");
            raw(port, "GET /y HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 12x\r\n\r\n");
        });
        assertEquals(2, lines.size(), lines.toString());
        for (String line : lines) {
            assertTrue(AccessLogLinesStayOneRecordTest.RECORD.matcher(line).matches(), line);
            assertTrue(line.contains("\" 400 0 "), line);
            assertTrue(line.matches(".*ms - \"-\" \\(.+\\)"), "no identity (never authenticated), Jetty's reason: " + line);
        }
    }

    @Test
    void asJsonOneObjectPerLineWithTheSameFields() throws Exception {
        List<String> lines = logOf(true, port -> {
            RawHttp.exchange(port, "PUT", "/data/f?authz=secret-token&x=1", "abc".getBytes(StandardCharsets.US_ASCII),
                    "User-Agent", "gfal2 \"2.23\"");
            RawHttp.exchange(port, "GET", "/noted", null);
            raw(port, "GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nNo colon here\r\n\r\n");
        });
        assertEquals(3, lines.size(), lines.toString());
        // the log has them in the order their responses completed, which is not always the order they were sent
        Map<String, Map<String, Object>> byTarget = new java.util.HashMap<>();
        for (String l : lines) {
            Map<String, Object> o = JSONObjectUtils.parse(l);
            byTarget.put((String) o.get("target"), o);
        }
        Map<String, Object> put = byTarget.get("/data/f?authz=REDACTED&x=1");
        assertEquals("127.0.0.1", put.get("client"));
        assertEquals("PUT", put.get("method"));
        assertEquals(200L, ((Number) put.get("status")).longValue());
        assertEquals(3L, ((Number) put.get("bytes_in")).longValue());
        assertEquals(3L, ((Number) put.get("bytes_out")).longValue());
        assertTrue(((Number) put.get("duration_ms")).doubleValue() >= 0, put.toString());
        assertEquals("sub=alice iss=https://issuer.example", put.get("identity"));
        assertEquals("gfal2 \"2.23\"", put.get("user_agent"));
        assertTrue(java.time.Instant.parse((String) put.get("time")) != null, put.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("secret-token")), lines.toString());
        assertEquals("why\nnot", byTarget.get("/noted").get("note"), "the line break is in the value, escaped: the"
                + " record stays one line");
        Map<String, Object> refused = byTarget.get("/x");
        assertEquals(400L, ((Number) refused.get("status")).longValue());
        assertEquals("-", refused.get("identity"));
        assertTrue(refused.get("note") instanceof String n && !n.isBlank(), lines.get(2));
    }
}
