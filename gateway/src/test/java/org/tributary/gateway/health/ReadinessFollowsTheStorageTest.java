package org.tributary.gateway.health;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.FakeS3;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.server.GatewayServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readiness asks the storage behind every area (a stat of a POSIX root, a HeadBucket on S3): an S3 endpoint that
 * went down, or a POSIX root that went away (an unmounted file system), makes the gateway not ready, and the answer
 * names the area and the reason; once the storage is back, it is ready again. With probe-cache: 0s every request
 * probes, so the test sees each change at once.
 */
class ReadinessFollowsTheStorageTest {

    @TempDir
    Path dir;

    @Test
    void anS3EndpointThatStopsMakesTheGatewayNotReady() throws Exception {
        Path credentials = Files.writeString(dir.resolve("s3.credentials"),
                "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n");
        try (FakeS3 s3 = new FakeS3();
             GatewayServer gw = HealthGateway.start("server: {bind: 127.0.0.1, http: {port: 18080}, access-log: off,"
                     + " shutdown-grace: 0s}\nstorage-areas:\n  - {name: cloud, access-points: [/cloud],"
                     + " anonymous: read-write, backend: {type: s3, endpoint: \"" + s3.url() + "\", bucket: bucket,"
                     + " max-attempts: 1, credentials: {type: file, path: \"" + credentials + "\"}}}\n"
                     + "health: {probe-cache: 0s}\n")) {
            assertEquals(200, HealthGateway.get(gw, "/health/ready").status());
            String endpoint = s3.url();
            s3.close();
            RawHttp.Response ready = HealthGateway.get(gw, "/health/ready");
            assertEquals(503, ready.status(), ready.toString());
            Map<String, Object> doc = JSONObjectUtils.parse(ready.text());
            assertEquals("storage unavailable", doc.get("status"));
            String cloud = (String) JSONObjectUtils.getJSONObject(doc, "areas").get("cloud");
            assertTrue(cloud.startsWith("S3 bucket 'bucket' at " + endpoint), cloud);
            assertEquals(200, HealthGateway.get(gw, "/health/live").status(), "the process itself is fine");
        }
    }

    @Test
    void aPosixRootThatGoesAwayAndComesBack() throws Exception {
        Path root = Files.createDirectories(dir.resolve("a"));
        Path other = Files.createDirectories(dir.resolve("b"));
        try (GatewayServer gw = HealthGateway.start("server: {bind: 127.0.0.1, http: {port: 18080}, access-log: off,"
                + " shutdown-grace: 0s}\nstorage-areas:\n"
                + "  - {name: a, access-points: [/a], backend: {type: posix, root: \"" + root + "\"}}\n"
                + "  - {name: b, access-points: [/b], backend: {type: posix, root: \"" + other + "\"}}\n"
                + "health: {probe-cache: 0s}\n")) {
            assertEquals(200, HealthGateway.get(gw, "/health/ready").status());
            Path moved = dir.resolve("a-unmounted");
            Files.move(root, moved);
            RawHttp.Response ready = HealthGateway.get(gw, "/health/ready");
            assertEquals(503, ready.status(), ready.toString());
            Map<String, Object> areas = JSONObjectUtils.getJSONObject(JSONObjectUtils.parse(ready.text()), "areas");
            assertEquals("ok", areas.get("b"));
            assertTrue(!"ok".equals(areas.get("a")), ready.text());
            Files.move(moved, root);
            assertEquals(200, HealthGateway.get(gw, "/health/ready").status());
        }
    }

    @Test
    void aResultStandsForTheCacheTime() throws Exception {
        Path root = Files.createDirectories(dir.resolve("a"));
        try (GatewayServer gw = HealthGateway.start("server: {bind: 127.0.0.1, http: {port: 18080}, access-log: off,"
                + " shutdown-grace: 0s}\nstorage-areas:\n"
                + "  - {name: a, access-points: [/a], backend: {type: posix, root: \"" + root + "\"}}\n"
                + "health: {probe-cache: 1h}\n")) {
            assertEquals(200, HealthGateway.get(gw, "/health/ready").status());
            Files.move(root, dir.resolve("a-unmounted"));
            assertEquals(200, HealthGateway.get(gw, "/health/ready").status(),
                    "the storage is not asked again within probe-cache");
        }
    }
}
