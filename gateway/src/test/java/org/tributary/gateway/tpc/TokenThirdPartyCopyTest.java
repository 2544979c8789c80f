package org.tributary.gateway.tpc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.security.LocalTestIssuer;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.server.GatewayServer;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.gateway.tpc.TpcPeers.files;
import static org.tributary.gateway.tpc.TpcPeers.lastLine;
import static org.tributary.gateway.tpc.TpcPeers.send;

/**
 * TPC with tokens shaped as Rucio mints them (SPECS §1.5): {@code aud} = the bare host name; the destination's token has
 * {@code storage.modify:<prefix> storage.read:<prefix>}, the source's {@code storage.read:<prefix>}; in pull mode the
 * destination gets its own token as Authorization and the source's as TransferHeaderAuthorization.
 */
class TokenThirdPartyCopyTest {

    static final String AUD = "se.example.org";

    @TempDir
    Path dir;
    LocalTestIssuer issuer;
    GatewayServer src;
    GatewayServer dst;
    Path srcRoot;
    Path dstRoot;

    @BeforeEach
    void start() throws Exception {
        issuer = LocalTestIssuer.start();
        srcRoot = Files.createDirectories(dir.resolve("src/rucio"));
        dstRoot = Files.createDirectories(dir.resolve("dst/rucio"));
        Files.writeString(srcRoot.resolve("f"), "lake data");
        src = gateway(srcRoot.getParent());
        dst = gateway(dstRoot.getParent());
    }

    GatewayServer gateway(Path root) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String yaml = """
                server: {bind: 127.0.0.1, http: {port: %d}, access-log: off}
                tpc: {marker-interval: 200ms}
                token-issuers:
                  - {name: lake, issuer: "%s", allow-http-on-loopback: true, audiences: [%s]}
                storage-areas:
                  - {name: data, access-points: [/data], anonymous: none, backend: {type: posix, root: "%s"}}
                """.formatted(port, issuer.url(), AUD, root);
        return new GatewayServer(GatewayConfig.parse(yaml, "tpc-token-test.yaml")).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (src != null) src.close();
        if (dst != null) dst.close();
        if (issuer != null) issuer.close();
    }

    String token(String scope) {
        return issuer.wlcg(Instant.now(), "rucio", AUD, scope, List.of());
    }

    static String url(GatewayServer g, String path) { return "http://127.0.0.1:" + g.httpPort() + path; }

    @Test
    void pullWithRucioShapedTokens() throws Exception {
        HttpResponse<String> r = send("COPY", url(dst, "/data/rucio/f"), "Source", url(src, "/data/rucio/f"),
                "Authorization", "Bearer " + token("storage.modify:/rucio storage.read:/rucio"),
                "TransferHeaderAuthorization", "Bearer " + token("storage.read:/rucio"), "Credential", "none");
        assertEquals(202, r.statusCode(), r.body());
        assertEquals("success: Created", lastLine(r.body()));
        assertEquals("lake data", Files.readString(dstRoot.resolve("f")));
    }

    @Test
    void pushWithRucioShapedTokens() throws Exception {
        HttpResponse<String> r = send("COPY", url(src, "/data/rucio/f"), "Destination", url(dst, "/data/rucio/p"),
                "Authorization", "Bearer " + token("storage.read:/rucio"),
                "TransferHeaderAuthorization", "Bearer " + token("storage.modify:/rucio storage.read:/rucio"));
        assertEquals("success: Created", lastLine(r.body()));
        assertEquals("lake data", Files.readString(dstRoot.resolve("p")));
    }

    @Test
    void authorisationIsCheckedBeforeTheStatus() throws Exception {
        String source = url(src, "/data/rucio/f");
        assertEquals(401, send("COPY", url(dst, "/data/rucio/f"), "Source", source).statusCode());
        // A read-only token may not create at the destination.
        assertEquals(403, send("COPY", url(dst, "/data/rucio/f"), "Source", source,
                "Authorization", "Bearer " + token("storage.read:/rucio")).statusCode());
        // Push needs read on the local file.
        assertEquals(403, send("COPY", url(src, "/data/rucio/f"), "Destination", url(dst, "/data/rucio/p"),
                "Authorization", "Bearer " + token("storage.read:/elsewhere")).statusCode());
        assertEquals(List.of(), files(dstRoot));
    }

    @Test
    void theCallersOwnTokenIsNeverForwarded() throws Exception {
        // The destination token would also be valid at the source (same issuer and audience): without a
        // TransferHeaderAuthorization the source must still see no credential at all.
        HttpResponse<String> r = send("COPY", url(dst, "/data/rucio/f"), "Source", url(src, "/data/rucio/f"),
                "Authorization", "Bearer " + token("storage.modify:/rucio storage.read:/rucio"));
        assertTrue(lastLine(r.body()).startsWith("failure: Remote side failed with status code 401"), r.body());
        assertEquals(List.of(), files(dstRoot));
    }
}
