package org.tributary.gateway.tpc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.security.LocalTestIssuer;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.server.AccessLogLinesStayOneRecordTest;
import org.tributary.gateway.server.GatewayServer;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.gateway.tpc.TpcPeers.send;

/**
 * One request log for every front end: SE-token requests (once a wrapper of their own that was never logged), DAV,
 * the root page, refusals by the exchange handler and requests Jetty refuses before any handler; every line one
 * record, the SE token never in it.
 */
class EveryFrontEndIsLoggedTest {

    @TempDir
    Path dir;

    @Test
    void everyRequestGetsOneLine() throws Exception {
        Path log = dir.resolve("access.log");
        Path root = Files.createDirectories(dir.resolve("data/rucio"));
        Files.writeString(root.resolve("f"), "lake data");
        String seToken;
        try (LocalTestIssuer issuer = LocalTestIssuer.start()) {
            String yaml = """
                    server: {bind: 127.0.0.1, http: {port: 18080}, access-log: "%s", shutdown-grace: 0s}
                    tpc: {se-token-key: "%s"}
                    token-issuers:
                      - {name: lake, issuer: "%s", allow-http-on-loopback: true, audiences: [%s]}
                    storage-areas:
                      - {name: data, access-points: [/data], anonymous: none, backend: {type: posix, root: "%s"}}
                    """.formatted(log, dir.resolve("key.json"), issuer.url(), SeTokensTest.AUD, root.getParent());
            GatewayConfig parsed = GatewayConfig.parse(yaml, "logged.yaml");
            GatewayConfig config = new GatewayConfig(parsed.server().withHttpPort(0), parsed.areas(), parsed.tokens(),
                    parsed.tpc());
            try (GatewayServer gw = new GatewayServer(config).start()) {
                String caller = "Bearer " + issuer.wlcg(Instant.now(), "alice", SeTokensTest.AUD, "storage.read:/rucio",
                        List.of());
                HttpResponse<String> r = SeTokensTest.macaroonRequest(SeTokensTest.url(gw, "/data/rucio/f"),
                        "{\"caveats\": [\"activity:DOWNLOAD\"]}", "Authorization", caller);
                assertEquals(200, r.statusCode(), r.body());
                seToken = SeTokensTest.macaroon(r);
                assertEquals(200, send("GET", SeTokensTest.url(gw, "/data/rucio/f"), "Authorization", "Bearer " + seToken)
                        .statusCode());
                assertEquals(200, send("GET", SeTokensTest.url(gw, "/.well-known/oauth-authorization-server")).statusCode());
                assertEquals(401, send("GET", SeTokensTest.url(gw, "/data/rucio/f")).statusCode());
                assertEquals(200, send("GET", SeTokensTest.url(gw, "/")).statusCode());
                try (Socket s = RawHttp.connect(gw.httpPort())) {
                    OutputStream out = s.getOutputStream();
                    out.write("GET /data/rucio/f HTTP/1.1\r\nHost: 127.0.0.1\r\nNo colon\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    assertEquals(400, RawHttp.read(s.getInputStream(), false).status());
                }
            }
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertEquals(6, lines.size(), String.join("\n", lines));
        for (String line : lines) {
            assertTrue(AccessLogLinesStayOneRecordTest.RECORD.matcher(line).matches(), line);
            assertFalse(line.contains(seToken.substring(seToken.lastIndexOf('.') + 1)), "a token in the log: " + line);
        }
        // A line is written once its response is complete, so two quick requests may be logged in either order.
        assertOneLine(lines, "the token request, with the caller's identity",
                l -> l.contains("\"POST /data/rucio/f\" 200 ") && l.contains(" sub=alice iss="));
        assertOneLine(lines, "a GET with the SE token, with its identity",
                l -> l.contains("\"GET /data/rucio/f\" 200 ") && l.contains(" iss=" + SeTokens.ISSUER_PREFIX + "data"));
        assertOneLine(lines, "the discovery document", l -> l.contains("\"GET /.well-known/oauth-authorization-server\" 200 "));
        assertOneLine(lines, "the anonymous refusal, with its reason", l -> l.contains("\"GET /data/rucio/f\" 401 ")
                && l.contains("ms anonymous ") && l.contains("does not allow anonymous access"));
        assertOneLine(lines, "the root page", l -> l.contains("\"GET /\" 200 "));
        assertOneLine(lines, "the request Jetty refused", l -> l.contains("\" 400 0 ") && l.contains("ms - \"-\" ("));
    }

    static void assertOneLine(List<String> lines, String what, java.util.function.Predicate<String> test) {
        assertEquals(1, lines.stream().filter(test).count(), what + ":\n" + String.join("\n", lines));
    }
}
