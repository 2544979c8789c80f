package org.tributary.gateway.tpc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.security.LocalTestIssuer;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.server.GatewayServer;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.gateway.tpc.TpcPeers.lastLine;
import static org.tributary.gateway.tpc.TpcPeers.send;

/** SE-issued tokens (application/macaroon-request) as gfal2 asks for them, and their use in a third-party copy. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeTokensTest {

    static final String AUD = "se.example.org";

    @TempDir
    static Path dir;
    LocalTestIssuer issuer;
    GatewayServer src;
    GatewayServer dst;

    @BeforeAll
    void start() throws Exception {
        issuer = LocalTestIssuer.start();
        Path s = Files.createDirectories(dir.resolve("src/rucio"));
        Files.writeString(s.resolve("f"), "lake data");
        Files.writeString(s.resolve("other"), "other");
        Files.createDirectories(dir.resolve("dst/rucio"));
        src = gateway(dir.resolve("src"), "src-key.json");
        dst = gateway(dir.resolve("dst"), "dst-key.json");
    }

    GatewayServer gateway(Path root, String key) throws Exception {
        return gateway(root, dir.resolve(key), issuer);
    }

    /** A gateway with one area {@code data} (anonymous: none), tokens of {@code issuer} and SE-issued tokens. */
    static GatewayServer gateway(Path root, Path key, LocalTestIssuer issuer) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String yaml = """
                server: {bind: 127.0.0.1, http: {port: %d}, access-log: off}
                tpc: {marker-interval: 200ms, se-token-key: "%s"}
                token-issuers:
                  - {name: lake, issuer: "%s", allow-http-on-loopback: true, audiences: [%s]}
                storage-areas:
                  - {name: data, access-points: [/data], anonymous: none, backend: {type: posix, root: "%s"}}
                """.formatted(port, key, issuer.url(), AUD, root);
        return new GatewayServer(GatewayConfig.parse(yaml, "se-token-test.yaml")).start();
    }

    @AfterAll
    void stop() throws Exception {
        if (src != null) src.close();
        if (dst != null) dst.close();
        if (issuer != null) issuer.close();
    }

    String token(String scope) {
        return issuer.wlcg(Instant.now(), "alice", AUD, scope, List.of());
    }

    static String url(GatewayServer g, String path) { return "http://127.0.0.1:" + g.httpPort() + path; }

    static HttpResponse<String> macaroonRequest(String url, String json, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/macaroon-request");
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return TpcPeers.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String macaroon(HttpResponse<String> r) {
        Matcher m = Pattern.compile("\"macaroon\":\"([^\"]+)\"").matcher(r.body());
        assertTrue(m.find(), r.body());
        return m.group(1);
    }

    @Test
    void aReadTokenForOneFileNeverMoreThanTheCallerHolds() throws Exception {
        HttpResponse<String> r = macaroonRequest(url(src, "/data/rucio/f"),
                "{\"caveats\": [\"activity:LIST,DOWNLOAD,UPLOAD\"], \"validity\": \"PT70M\"}",
                "Authorization", "Bearer " + token("storage.read:/rucio"));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"expires_in\":4200"), r.body());
        String m = macaroon(r);
        // Each distinct JOSE header is decoded once and remembered: both kinds of token keep working after that.
        for (int i = 0; i < 2; i++) {
            assertEquals(200, send("GET", url(src, "/data/rucio/f"), "Authorization", "Bearer " + m).statusCode());
            assertEquals(200, send("GET", url(src, "/data/rucio/f"), "Authorization", "Bearer "
                    + token("storage.read:/rucio")).statusCode());
        }
        // limited to the request path ...
        assertEquals(403, send("GET", url(src, "/data/rucio/other"), "Authorization", "Bearer " + m).statusCode());
        // ... and UPLOAD was asked for but the caller may only read: no write.
        assertEquals(403, send("PUT", url(src, "/data/rucio/f"), "Authorization", "Bearer " + m).statusCode());
        // A tampered token is refused.
        String bad = m.substring(0, m.length() - 3) + (m.endsWith("AAA") ? "BBB" : "AAA");
        assertEquals(401, send("GET", url(src, "/data/rucio/f"), "Authorization", "Bearer " + bad).statusCode());
    }

    @Test
    void requestsThatGetNothing() throws Exception {
        assertEquals(401, macaroonRequest(url(src, "/data/rucio/f"), "{\"caveats\": [\"activity:DOWNLOAD\"]}").statusCode());
        assertEquals(403, macaroonRequest(url(src, "/data/rucio/f"), "{\"caveats\": [\"activity:UPLOAD,DELETE\"]}",
                "Authorization", "Bearer " + token("storage.read:/rucio")).statusCode());
        assertEquals(400, macaroonRequest(url(src, "/data/rucio/f"), "not json",
                "Authorization", "Bearer " + token("storage.read:/rucio")).statusCode());
        assertEquals(400, macaroonRequest(url(src, "/data/rucio/f"), "{\"validity\": \"70 minutes\"}",
                "Authorization", "Bearer " + token("storage.read:/rucio")).statusCode());
    }

    @Test
    void discoveryDocument() throws Exception {
        HttpResponse<String> r = send("GET", url(src, "/.well-known/oauth-authorization-server"));
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"issuer\":\"http:\\/\\/127.0.0.1:" + src.httpPort()) || r.body().contains(
                "\"issuer\":\"http://127.0.0.1:" + src.httpPort()), r.body());
    }

    @Test
    void aPullAuthorisedBySeIssuedTokensOnBothSides() throws Exception {
        String caller = "Bearer " + token("storage.read:/rucio storage.modify:/rucio");
        String srcToken = macaroon(macaroonRequest(url(src, "/data/rucio/f"), "{\"caveats\": [\"activity:DOWNLOAD\"]}",
                "Authorization", caller));
        String dstToken = macaroon(macaroonRequest(url(dst, "/data/rucio/f"),
                "{\"caveats\": [\"activity:LIST,DOWNLOAD,MANAGE,UPLOAD,DELETE\"]}", "Authorization", caller));
        HttpResponse<String> r = send("COPY", url(dst, "/data/rucio/f"), "Source", url(src, "/data/rucio/f"),
                "Authorization", "Bearer " + dstToken, "TransferHeaderAuthorization", "Bearer " + srcToken,
                "Credential", "none");
        assertEquals(202, r.statusCode(), r.body());
        assertEquals("success: Created", lastLine(r.body()));
        assertEquals("lake data", Files.readString(dir.resolve("dst/rucio/f")));
        // A token of one gateway means nothing to the other (its own key).
        assertEquals(401, send("GET", url(dst, "/data/rucio/f"), "Authorization", "Bearer " + srcToken).statusCode());
    }
}
