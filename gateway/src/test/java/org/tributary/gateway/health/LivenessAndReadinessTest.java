package org.tributary.gateway.health;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.server.GatewayServer;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two checks a load balancer or Kubernetes asks, over real HTTP: live whenever the process answers, ready when
 * every area's storage answers and the gateway is neither starting nor draining; GET and HEAD only.
 */
class LivenessAndReadinessTest {

    @TempDir
    Path dir;

    private String yaml(String health) {
        return "server: {bind: 127.0.0.1, http: {port: 18080}, access-log: off, shutdown-grace: 0s}\n"
                + "storage-areas:\n  - {name: data, access-points: [/data], anonymous: none,"
                + " backend: {type: posix, root: \"" + dir.resolve("data") + "\", create-root: true}}\n" + health;
    }

    @Test
    void liveAndReadyOnADefaultGateway() throws Exception {
        try (GatewayServer gw = HealthGateway.start(yaml(""))) {
            RawHttp.Response live = HealthGateway.get(gw, "/health/live");
            assertEquals(200, live.status(), live.toString());
            assertEquals("live\n", live.text());
            RawHttp.Response ready = HealthGateway.get(gw, "/health/ready");
            assertEquals(200, ready.status(), ready.toString());
            assertEquals("application/json", ready.header("Content-Type"));
            Map<String, Object> doc = JSONObjectUtils.parse(ready.text());
            assertEquals("ready", doc.get("status"));
            assertEquals(Map.of("data", "ok"), doc.get("areas"));
            RawHttp.Response head = RawHttp.exchange(gw.httpPort(), "HEAD", "/health/ready", null);
            assertEquals(200, head.status(), head.toString());
            assertEquals(0, head.body().length);
        }
    }

    @Test
    void anonymousCallersAreAnsweredEvenWhereTheAreasRefuseThem() throws Exception {
        try (GatewayServer gw = HealthGateway.start(yaml(""))) {
            assertEquals(401, HealthGateway.get(gw, "/data/").status(), "the area refuses anonymous callers");
            assertEquals(200, HealthGateway.get(gw, "/health/ready").status());
        }
    }

    @Test
    void atTheConfiguredPathOnly() throws Exception {
        try (GatewayServer gw = HealthGateway.start(yaml("health: {path: /ops/health}\n"))) {
            assertEquals(200, HealthGateway.get(gw, "/ops/health/live").status());
            assertEquals(404, HealthGateway.get(gw, "/health/live").status());
            RawHttp.Response other = HealthGateway.get(gw, "/ops/health/deep");
            assertEquals(404, other.status());
            assertTrue(other.text().contains("use /ops/health/live or /ops/health/ready"), other.text());
            RawHttp.Response post = RawHttp.exchange(gw.httpPort(), "POST", "/ops/health/ready", new byte[0]);
            assertEquals(405, post.status(), post.toString());
            assertEquals("GET, HEAD", post.header("Allow"));
        }
    }

    @Test
    void notReadyOnceDrainingButStillLive() throws Exception {
        try (GatewayServer gw = HealthGateway.start(yaml(""))) {
            gw.readiness().draining(); // what close() does first, before the connectors stop accepting
            RawHttp.Response ready = HealthGateway.get(gw, "/health/ready");
            assertEquals(503, ready.status(), ready.toString());
            assertEquals("draining", JSONObjectUtils.parse(ready.text()).get("status"));
            assertEquals(200, HealthGateway.get(gw, "/health/live").status());
        }
    }
}
