package org.tributary.gateway.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.TestGateway;
import org.tributary.gateway.config.CliOverrides;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.security.LocalTestIssuer;
import org.tributary.gateway.server.GatewayServer;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard is the admin's: served to loopback callers, and from elsewhere only to a token in one of
 * {@code dashboard.admin-groups}; its status document counts the bytes of finished requests and keeps their errors.
 */
class DashboardAccessTest {

    @TempDir
    Path dir;

    @Test
    void onLoopbackThePageItsScriptAndTheStatusAreServed() throws Exception {
        try (TestGateway gw = TestGateway.startDefault(dir)) {
            var page = gw.send("GET", "/dashboard", (byte[]) null);
            assertEquals(200, page.statusCode());
            String html = new String(page.body(), StandardCharsets.UTF_8);
            assertTrue(html.contains("src=\"/dashboard/dashboard.js\""), html);
            assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
            assertEquals(200, gw.send("GET", "/dashboard/dashboard.js", (byte[]) null).statusCode());
            assertEquals(200, gw.send("GET", "/dashboard/dashboard.css", (byte[]) null).statusCode());
            assertEquals(404, gw.send("GET", "/dashboard/other", (byte[]) null).statusCode());
            assertEquals(405, gw.send("POST", "/dashboard/status", "x").statusCode());
            assertEquals(405, gw.send("DELETE", "/dashboard", (byte[]) null).statusCode());
        }
    }

    @Test
    void theEmbeddedDefaultServesItOnLoopback() throws Exception {
        GatewayConfig d = GatewayConfig.embeddedDefault()
                .withOverrides(new CliOverrides(dir.resolve("data"), null, null, null, null, null));
        GatewayConfig config = new GatewayConfig(d.server().withHttpPort(0), d.areas(), d.tokens(), d.tpc(),
                d.tapeRest(), d.site(), d.cdmi(), d.dashboard());
        try (GatewayServer gw = new GatewayServer(config).start()) {
            HttpResponse<String> page = get("http://127.0.0.1:" + gw.httpPort() + "/dashboard", null);
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<title>Tributary dashboard</title>"), page.body());
        }
    }

    @Test
    void theStatusCountsBytesAndKeepsRefusalsButNotMissingFiles() throws Exception {
        try (TestGateway gw = TestGateway.in(dir).area("data").area("ro", "read-only: true", "anonymous: read").start()) {
            assertEquals(201, gw.send("PUT", "/data/f", new byte[5000]).statusCode());
            assertEquals(200, gw.send("GET", "/data/f", (byte[]) null).statusCode());
            assertEquals(404, gw.send("GET", "/data/missing", (byte[]) null).statusCode());
            assertEquals(403, gw.send("PUT", "/ro/f", "x").statusCode());
            Map<String, Object> doc = status(gw);
            assertTrue(((Number) doc.get("bytesIn")).longValue() >= 5000, doc.toString());
            assertTrue(((Number) doc.get("bytesOut")).longValue() >= 5000, doc.toString());
            List<?> errors = (List<?>) doc.get("errors");
            assertEquals(1, errors.size(), errors.toString());
            Map<?, ?> e = (Map<?, ?>) errors.get(0);
            assertEquals("PUT", e.get("method"));
            assertEquals("/ro/f", e.get("path"));
            assertEquals(403, ((Number) e.get("status")).intValue());
            List<?> areas = (List<?>) doc.get("areas");
            assertEquals(List.of("data", "ro"), areas.stream().map(a -> ((Map<?, ?>) a).get("name")).toList());
        }
    }

    @Test
    void theLastFiftyErrorsAreKeptNewestFirst() throws Exception {
        try (TestGateway gw = TestGateway.in(dir).area("ro", "read-only: true", "anonymous: read").start()) {
            for (int i = 0; i < RecentRequests.KEPT + 10; i++) {
                assertEquals(403, gw.send("PUT", "/ro/f" + i, "x").statusCode());
            }
            List<?> errors = (List<?>) status(gw).get("errors");
            assertEquals(RecentRequests.KEPT, errors.size());
            assertEquals("/ro/f" + (RecentRequests.KEPT + 9), ((Map<?, ?>) errors.get(0)).get("path"));
            assertEquals("/ro/f10", ((Map<?, ?>) errors.get(RecentRequests.KEPT - 1)).get("path"));
        }
    }

    @Test
    void offLoopbackOnlyAnAdminGroupSeesIt() throws Exception {
        Optional<InetAddress> address = nonLoopbackAddress();
        assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address to call the gateway from");
        String ip = address.get().getHostAddress();
        Path root = Files.createDirectories(dir.resolve("data"));
        try (LocalTestIssuer issuer = LocalTestIssuer.start()) {
            String yaml = """
                    server: {bind: "%s", http: {port: 18080}, access-log: off, shutdown-grace: 0s,
                             allow-bearer-over-http: true}
                    token-issuers:
                      - {name: escape, issuer: "%s", allow-http-on-loopback: true, audiences: [https://se.example]}
                    storage-areas:
                      - {name: data, access-points: [/data], backend: {type: posix, root: "%s"}, anonymous: read}
                    dashboard: {admin-groups: [/escape/admins]}
                    """.formatted(ip, issuer.url(), root);
            GatewayConfig parsed = GatewayConfig.parse(yaml, "test.yaml");
            GatewayConfig config = new GatewayConfig(parsed.server().withHttpPort(0), parsed.areas(), parsed.tokens(),
                    parsed.tpc(), parsed.tapeRest(), parsed.site(), parsed.cdmi(), parsed.dashboard());
            try (GatewayServer gw = new GatewayServer(config).start()) {
                String url = "http://" + ip + ":" + gw.httpPort() + "/dashboard/status";
                HttpResponse<String> anonymous = get(url, null);
                assertEquals(403, anonymous.statusCode());
                assertTrue(anonymous.body().contains("/escape/admins"), anonymous.body());
                String user = issuer.wlcg(Instant.now(), "user", "https://se.example", "storage.read:/",
                        List.of("/escape"));
                assertEquals(403, get(url, user).statusCode());
                String admin = issuer.wlcg(Instant.now(), "admin", "https://se.example", "storage.read:/",
                        List.of("/escape", "/escape/admins"));
                HttpResponse<String> allowed = get(url, admin);
                assertEquals(200, allowed.statusCode(), allowed.body());
                assertTrue(JSONObjectUtils.parse(allowed.body()).containsKey("transfers"));
                // the storage areas' own rules do not open it: anonymous may read /data, not the dashboard
                assertEquals(403, get("http://" + ip + ":" + gw.httpPort() + "/dashboard", null).statusCode());
            }
        }
    }

    static Map<String, Object> status(TestGateway gw) throws Exception {
        var r = gw.send("GET", "/dashboard/status", (byte[]) null);
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        return JSONObjectUtils.parse(new String(r.body(), StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) b.header("Authorization", "Bearer " + token);
        try (HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        for (NetworkInterface n : NetworkInterface.networkInterfaces().toList()) {
            if (!n.isUp() || n.isLoopback()) continue;
            for (InetAddress a : n.inetAddresses().toList()) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
