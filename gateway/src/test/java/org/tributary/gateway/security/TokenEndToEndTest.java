package org.tributary.gateway.security;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.config.ServerConfig;
import org.tributary.gateway.server.GatewayServer;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tokens through the real server: 401/403 answers and headers, ?authz=, create vs modify, the access log. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenEndToEndTest {

    static final String AUD = "se.example.org";

    @TempDir
    static Path dir;

    LocalTestIssuer issuer;
    GatewayServer server;
    Path accessLog;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    final List<String> tokensUsed = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        issuer = LocalTestIssuer.start();
        accessLog = dir.resolve("access.log");
        Path root = dir.resolve("escape");
        Files.createDirectories(root.resolve("cms/embargoed"));
        Files.writeString(root.resolve("cms/f"), "cms data");
        Files.writeString(root.resolve("cms/embargoed/s"), "secret");
        server = start(config("127.0.0.1", false, root).replace(accessLog.toString(), "off"));
    }

    String config(String bind, boolean allowHttp, Path root) {
        return """
                server: {bind: "%s", http: {port: 18080}, access-log: "%s", shutdown-grace: 0s%s}
                token-issuers:
                  - {name: escape, issuer: "%s", allow-http-on-loopback: true, audiences: [%s]}
                storage-areas:
                  - name: escape
                    access-points: [/escape]
                    backend: {type: posix, root: "%s"}
                    anonymous: none
                    policies:
                      - {allow: all, path: /cms, who: group /escape/cms}
                      - {deny: all, path: /cms/embargoed, who: anyone}
                      - {allow: [read, list], path: /, who: group /escape}
                """.formatted(bind, accessLog, allowHttp ? ", allow-bearer-over-http: true" : "", issuer.url(), AUD, root);
    }

    static GatewayServer start(String yaml) throws Exception {
        GatewayConfig parsed = GatewayConfig.parse(yaml, "test.yaml");
        ServerConfig s = parsed.server();
        GatewayConfig cfg = new GatewayConfig(new ServerConfig(s.bind(), 0, s.https(), s.allowAnonymousWriteOnNetwork(),
                s.shutdownGrace(), s.accessLog()), parsed.areas(), parsed.tokens(), parsed.tpc());
        return new GatewayServer(cfg).start();
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) server.close();
        if (issuer != null) issuer.close();
    }

    String token(String scope, String... groups) {
        String t = issuer.wlcg(Instant.now(), "user-" + tokensUsed.size(), AUD, scope, List.of(groups));
        tokensUsed.add(t);
        return t;
    }

    HttpResponse<String> send(GatewayServer gw, String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.httpPort() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anonymousGets401WithAChallenge() throws Exception {
        HttpResponse<String> r = send(server, "GET", "/escape/cms/f", null);
        assertEquals(401, r.statusCode());
        String h = r.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(h.startsWith("Bearer") && h.contains("error=\"invalid_token\"") && h.contains("error_description=\""), h);
    }

    @Test
    void groupTokenReadsAndBearerIsCaseInsensitive() throws Exception {
        String t = token(null, "/escape");
        for (String scheme : List.of("Bearer ", "bearer ", "BEARER  ")) {
            HttpResponse<String> r = send(server, "GET", "/escape/cms/f", null, "Authorization", scheme + t);
            assertEquals(200, r.statusCode(), scheme + r.body());
            assertEquals("cms data", r.body());
        }
    }

    @Test
    void authzQueryParameter() throws Exception {
        String t = token(null, "/escape");
        HttpResponse<String> r = send(server, "GET", "/escape/cms/f?authz=" + URLEncoder.encode("Bearer " + t,
                StandardCharsets.UTF_8), null);
        assertEquals(200, r.statusCode(), r.body());
        r = send(server, "GET", "/escape/cms/f?authz=" + t, null);
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void aCaseAlteredTokenOnAKeptAliveConnectionIsNotTakenForTheValidOne() throws Exception {
        // Tokens are case-sensitive. Jetty's per-connection header cache matches header values case-insensitively
        // by default: with it, this second request was answered 200 with the first request's token.
        String t = token(null, "/escape");
        int at = t.indexOf('.') + 5;
        char c = t.charAt(at);
        while (!Character.isLetter(c)) c = t.charAt(++at);
        String altered = t.substring(0, at) + (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c))
                + t.substring(at + 1);
        try (Socket s = RawHttp.connect(server.httpPort())) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (String tok : List.of(t, altered, t)) {
                out.write(("GET /escape/cms/f HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + tok + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                RawHttp.Response r = RawHttp.read(in, false);
                assertEquals(tok.equals(t) ? 200 : 401, r.status(), r.toString());
            }
        }
    }

    @Test
    void pipelinedRequestsWithTheSameAndAnAlteredTokenAreEachJudgedOnTheirOwnBytes() throws Exception {
        // All three heads arrive in one write, so the parser's repeated-Authorization shortcut sees them in one buffer.
        String t = token(null, "/escape");
        int at = t.lastIndexOf('.') + 3;
        while (!Character.isLetter(t.charAt(at))) at++;
        char c = t.charAt(at);
        String altered = t.substring(0, at) + (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c))
                + t.substring(at + 1);
        StringBuilder heads = new StringBuilder();
        for (String tok : List.of(t, t, altered, t)) {
            heads.append("GET /escape/cms/f HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ").append(tok).append("\r\n\r\n");
        }
        try (Socket s = RawHttp.connect(server.httpPort())) {
            s.getOutputStream().write(heads.toString().getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            for (int expected : List.of(200, 200, 401, 200)) {
                RawHttp.Response r = RawHttp.read(in, false);
                assertEquals(expected, r.status(), r.toString());
                if (expected == 200) assertEquals("cms data", new String(r.body(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void invalidTokenIs401InvalidToken() throws Exception {
        String t = token(null, "/escape");
        String tampered = t.substring(0, t.length() - 4) + (t.endsWith("AAAA") ? "BBBB" : "AAAA");
        for (String bad : List.of(tampered, "garbage", "a.b.c")) {
            HttpResponse<String> r = send(server, "GET", "/escape/cms/f", null, "Authorization", "Bearer " + bad);
            assertEquals(401, r.statusCode(), r.body());
            String h = r.headers().firstValue("WWW-Authenticate").orElse("");
            assertTrue(h.contains("error=\"invalid_token\"") && h.contains("error_description=\""), h);
        }
        // A bad token is never downgraded to anonymous, even where anonymous would do.
        HttpResponse<String> r = send(server, "OPTIONS", "/escape/", null, "Authorization", "Bearer garbage");
        assertEquals(401, r.statusCode());
    }

    @Test
    void embargoIs403WithTheReasonForTheWrongGroup() throws Exception {
        HttpResponse<String> r = send(server, "GET", "/escape/cms/embargoed/s", null, "Authorization",
                "Bearer " + token(null, "/escape", "/escape/atlas"));
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("denied by rule policies[1]"), r.body());
        assertTrue(r.headers().firstValue("WWW-Authenticate").isEmpty());
        r = send(server, "GET", "/escape/cms/embargoed/s", null, "Authorization", "Bearer " + token(null, "/escape/cms"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("secret", r.body());
    }

    @Test
    void createScopeCreatesButDoesNotOverwrite() throws Exception {
        String t = "Bearer " + token("storage.create:/cms/new storage.read:/cms/new");
        assertEquals(201, send(server, "PUT", "/escape/cms/new/f", "one", "Authorization", t).statusCode());
        HttpResponse<String> r = send(server, "PUT", "/escape/cms/new/f", "two", "Authorization", t);
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("storage.modify"), r.body());
        assertEquals(403, send(server, "DELETE", "/escape/cms/new/f", null, "Authorization", t).statusCode());
        assertEquals("one", send(server, "GET", "/escape/cms/new/f", null, "Authorization", t).body());
        assertEquals(403, send(server, "PUT", "/escape/cms/newer", "x", "Authorization", t).statusCode());
        assertEquals(403, send(server, "GET", "/escape/cms/f", null, "Authorization", t).statusCode());
        assertEquals(201, send(server, "MKCOL", "/escape/cms/new/sub", null, "Authorization", t).statusCode());
        // Renaming within create scopes (SPECS §3.2, v1.1+): allowed onto a new name, refused onto an existing one.
        String base = "http://127.0.0.1:" + server.httpPort();
        assertEquals(201, send(server, "PUT", "/escape/cms/new/g", "g", "Authorization", t).statusCode());
        assertEquals(201, send(server, "MOVE", "/escape/cms/new/g", null, "Authorization", t,
                "Destination", base + "/escape/cms/new/h").statusCode());
        assertEquals(403, send(server, "MOVE", "/escape/cms/new/h", null, "Authorization", t,
                "Destination", base + "/escape/cms/new/f", "Overwrite", "T").statusCode());
        assertEquals(403, send(server, "MOVE", "/escape/cms/new/h", null, "Authorization", t,
                "Destination", base + "/escape/cms/elsewhere").statusCode());
        String m = "Bearer " + token("storage.modify:/cms/new");
        assertEquals(2, send(server, "PUT", "/escape/cms/new/f", "two", "Authorization", m).statusCode() / 100);
        assertEquals(2, send(server, "DELETE", "/escape/cms/new/f", null, "Authorization", m).statusCode() / 100);
    }

    @Test
    void plainHttpOffLoopbackRefusesTokensUnlessAllowed() throws Exception {
        Path root = dir.resolve("escape");
        try (GatewayServer open = start(config("0.0.0.0", false, root))) {
            HttpResponse<String> r = send(open, "GET", "/escape/cms/f", null, "Authorization", "Bearer " + token(null, "/escape"));
            assertEquals(401, r.statusCode());
            assertTrue(r.body().contains("plain http"), r.body());
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_request"));
        }
        try (GatewayServer allowed = start(config("0.0.0.0", true, root))) {
            HttpResponse<String> r = send(allowed, "GET", "/escape/cms/f", null, "Authorization", "Bearer " + token(null, "/escape"));
            assertEquals(200, r.statusCode(), r.body());
        }
    }

    @Test
    void accessLogShowsIssSubJtiNeverTheToken() throws Exception {
        try (GatewayServer logged = start(config("127.0.0.1", false, dir.resolve("escape")))) {
            send(logged, "GET", "/escape/cms/f?authz=" + token(null, "/escape"), null);
            send(logged, "GET", "/escape/cms/f", null, "Authorization", "Bearer " + token(null, "/escape"));
            send(logged, "GET", "/escape/cms/f", null, "Authorization", "Bearer " + token(null, "/escape") + "x");
        }
        String log = Files.readString(accessLog);
        assertTrue(log.contains("sub=user-") && log.contains(" jti=") && log.contains(" iss=" + issuer.url()), log);
        assertTrue(log.contains("authz=REDACTED"), log);
        for (String used : tokensUsed) {
            assertFalse(log.contains(used.substring(used.lastIndexOf('.') + 1)), "a token signature in the access log");
        }
    }
}
