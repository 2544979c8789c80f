package org.tributary.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.checksum.ChecksumAlgorithm;

/** toYaml writes every setting, in the file's own vocabulary, and parses back to an equal record. */
class ToYamlRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void theEmbeddedDefault() throws Exception {
        GatewayConfig config = GatewayConfig.embeddedDefault();
        assertEquals(config, GatewayConfig.parse(config.toYaml(), "check-config"));
    }

    @Test
    void everyDefaultIsSpelledOut() throws Exception {
        String yaml = ConfigTestSupport.parse(ConfigTestSupport.AREA).toYaml();
        assertEquals("""
                server:
                  bind: 127.0.0.1
                  http:
                    port: 8080
                  allow-anonymous-write-on-network: false
                  shutdown-grace: 10s
                  access-log: stdout
                  access-log-format: text
                  idle-timeout: 2m
                  request-head-timeout: 30s
                  max-connections-per-client: 512
                  max-concurrent-uploads: 1000
                storage-areas:
                  - name: data
                    access-points:
                      - /data
                    backend:
                      type: posix
                      root: /srv/data
                    read-only: false
                    anonymous: none
                    qos: disk
                    put-creates-parents: true
                    checksums:
                      - adler32
                      - crc32c
                    durability: fsync
                    tpc: true
                    tpc-streams: 1
                tpc:
                  max-active: 300
                  max-active-per-area: 300
                  max-queued: 1000
                  max-connections-per-host: 64
                  connect-timeout: 30s
                  idle-timeout: 2m
                  transfer-timeout: 6h
                  marker-interval: 5s
                  allowed-hosts: []
                  allow-loopback: false
                  verify-checksum: true
                  max-streams: 16
                  stream-chunk: 8388608
                cdmi:
                  enabled: true
                  path: /cdmi
                dashboard:
                  enabled: true
                  path: /dashboard
                  admin-groups: []
                health:
                  path: /health
                  allow: []
                  probe-timeout: 2s
                  probe-cache: 5s
                """, yaml);
    }

    @Test
    void aConfigurationUsingEverything() throws Exception {
        Path cert = Files.writeString(dir.resolve("host cert.pem"), "-----BEGIN CERTIFICATE-----\nsecret\n");
        Path key = Files.writeString(dir.resolve("hostkey.pem"), "-----BEGIN PRIVATE KEY-----\nsecret\n");
        GatewayConfig config = new GatewayConfig(
                new ServerConfig("::", 80, new HttpsConfig(443, cert, key, List.of("TLSv1.2")), true,
                        Duration.ofMillis(1500), "off", null, "json"),
                List.of(new StorageAreaConfig("2024", List.of("/yes", "/a/b"), BackendConfig.posix(Path.of("true")),
                                false, AnonymousAccess.READ_WRITE, "123", 1000L, false,
                                List.of(ChecksumAlgorithm.SHA256, ChecksumAlgorithm.MD5), false),
                        new StorageAreaConfig("tape", List.of("/tape"), BackendConfig.posix(Path.of("/srv/tape")),
                                true, AnonymousAccess.READ, "tape", 5L << 40, true,
                                List.of(ChecksumAlgorithm.ADLER32), true)), null, null, null, null, null, null,
                new HealthConfig("/ops/health", List.of("10.0.0.0/8", "::1"), Duration.ofMillis(250), Duration.ZERO));

        String yaml = config.toYaml();

        assertEquals(config, GatewayConfig.parse(yaml, "check-config"));
        assertTrue(yaml.contains("quota: 5TiB"), yaml);
        assertTrue(yaml.contains("key: " + key), yaml);
        assertFalse(yaml.contains("secret"), "only paths are printed, never key or certificate contents");
    }
}
