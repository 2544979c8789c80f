package org.tributary.gateway.security;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.server.GatewayServer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request carries one credential or none: two Authorization headers, two authz query values (in any spelling of
 * the name), or an Authorization header plus an authz value are refused with 400 and a one-line reason, never "the
 * first wins". Checked on a gateway with the configured token issuers only and on one that also accepts its own
 * SE-issued tokens (a second authenticator in front), with raw requests since HTTP clients merge or refuse repeats.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeveralCredentialsTest {

    static final String AUD = "se.example.org";

    @TempDir
    static Path dir;
    LocalTestIssuer issuer;
    GatewayServer plain;
    GatewayServer withSeTokens;
    String reader;
    String writer;

    @BeforeAll
    void start() throws Exception {
        issuer = LocalTestIssuer.start();
        Files.createDirectories(dir.resolve("root"));
        Files.writeString(dir.resolve("root/f"), "data");
        plain = TokenEndToEndTest.start(config(""));
        withSeTokens = TokenEndToEndTest.start(config("tpc: {se-token-key: \"" + dir.resolve("se-key.json") + "\"}\n"));
        reader = issuer.wlcg(Instant.now(), "alice", AUD, "storage.read:/", List.of());
        writer = issuer.wlcg(Instant.now(), "bob", AUD, "storage.read:/ storage.modify:/", List.of());
    }

    String config(String extra) {
        return """
                server: {bind: 127.0.0.1, http: {port: 18080}, access-log: off}
                token-issuers:
                  - {name: lake, issuer: "%s", allow-http-on-loopback: true, audiences: [%s]}
                storage-areas:
                  - {name: data, access-points: [/data], anonymous: read, backend: {type: posix, root: "%s"}}
                %s""".formatted(issuer.url(), AUD, dir.resolve("root"), extra);
    }

    @AfterAll
    void stop() throws Exception {
        if (plain != null) plain.close();
        if (withSeTokens != null) withSeTokens.close();
        if (issuer != null) issuer.close();
    }

    static void refused(GatewayServer gw, String method, String target, String... headers) throws Exception {
        byte[] body = method.equals("PUT") ? "new".getBytes(StandardCharsets.UTF_8) : null;
        RawHttp.Response r = RawHttp.exchange(gw.httpPort(), method, target, body, headers);
        String what = (method + " " + target + " " + List.of(headers)).replaceAll("eyJ[\\w.-]+", "<token>");
        assertEquals(400, r.status(), what + ": " + r);
        String reason = r.text().strip();
        assertEquals(1, reason.lines().count(), r.toString());
        assertTrue(reason.toLowerCase().contains("credential"), r.toString());
    }

    @Test
    void twoAuthorizationHeaders() throws Exception {
        for (GatewayServer gw : List.of(plain, withSeTokens)) {
            refused(gw, "GET", "/data/f", "Authorization", "Bearer " + writer, "Authorization", "Bearer " + writer);
            refused(gw, "PUT", "/data/w", "Authorization", "Bearer " + reader, "Authorization", "Bearer " + writer);
            refused(gw, "PUT", "/data/w", "Authorization", "Bearer " + writer, "Authorization", "Bearer " + reader);
            refused(gw, "GET", "/data/f", "Authorization", "Basic dXNlcjpwdw==", "Authorization", "Bearer " + writer);
            refused(gw, "GET", "/data/f", "Authorization", "Bearer " + writer, "authorization", "Bearer garbage");
        }
        assertFalse(Files.exists(dir.resolve("root/w")));
    }

    @Test
    void twoAuthzQueryValues() throws Exception {
        for (GatewayServer gw : List.of(plain, withSeTokens)) {
            refused(gw, "GET", "/data/f?authz=" + writer + "&authz=" + writer);
            refused(gw, "PUT", "/data/w?authz=" + reader + "&authz=" + writer);
            refused(gw, "PUT", "/data/w?authz=" + writer + "&AUTHZ=" + reader);
            refused(gw, "PUT", "/data/w?authz=" + writer + "&%61uthz=garbage");
            refused(gw, "GET", "/data/f?authz=Bearer%20" + writer + "&x=1&authz=");
        }
        assertFalse(Files.exists(dir.resolve("root/w")));
    }

    @Test
    void anAuthorizationHeaderAndAnAuthzValue() throws Exception {
        for (GatewayServer gw : List.of(plain, withSeTokens)) {
            refused(gw, "GET", "/data/f?authz=" + writer, "Authorization", "Bearer " + writer);
            refused(gw, "PUT", "/data/w?authz=" + writer, "Authorization", "Bearer " + reader);
            refused(gw, "PUT", "/data/w?authz=" + reader, "Authorization", "Bearer " + writer);
            refused(gw, "GET", "/data/f?authz=" + writer, "Authorization", "Basic dXNlcjpwdw==");
        }
        assertFalse(Files.exists(dir.resolve("root/w")));
    }

    @Test
    void oneCredentialStillWorks() throws Exception {
        for (GatewayServer gw : List.of(plain, withSeTokens)) {
            assertEquals(200, RawHttp.exchange(gw.httpPort(), "GET", "/data/f", null,
                    "Authorization", "Bearer " + reader).status());
            assertEquals(200, RawHttp.exchange(gw.httpPort(), "GET", "/data/f?authz=" + reader, null).status());
            assertEquals(200, RawHttp.exchange(gw.httpPort(), "GET", "/data/f?x=1&authz=Bearer%20" + reader, null).status());
            assertEquals(200, RawHttp.exchange(gw.httpPort(), "GET", "/data/f?authz=", null).status()); // empty: none
            assertEquals(401, RawHttp.exchange(gw.httpPort(), "GET", "/data/f", null,
                    "Authorization", "Bearer garbage").status());
        }
    }
}
