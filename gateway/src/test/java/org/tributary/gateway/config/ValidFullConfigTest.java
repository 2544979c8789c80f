package org.tributary.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.checksum.ChecksumAlgorithm;

/** A file using every key is read into exactly the records it describes. */
class ValidFullConfigTest {

    @TempDir
    Path dir;

    @Test
    void everyKeyIsRead() throws Exception {
        Path cert = Files.writeString(dir.resolve("hostcert.pem"), "not parsed at this stage");
        Path key = Files.writeString(dir.resolve("hostkey.pem"), "not parsed at this stage");
        Path file = Files.writeString(dir.resolve("tributary.yaml"), """
                # a full site configuration
                server:
                  bind: 0.0.0.0
                  http:
                    port: 8080
                  https:
                    port: 8443
                    certificate: %s
                    key: %s
                    protocols: [TLSv1.3]
                  allow-anonymous-write-on-network: false
                  shutdown-grace: 30s
                  access-log: /var/log/tributary/access.log
                storage-areas:
                  - name: atlas-disk
                    access-points: [/atlas, atlasdatadisk/]
                    backend: { type: posix, root: /srv/atlas }
                    read-only: false
                    anonymous: none
                    qos: disk
                    quota: 10TiB
                    put-creates-parents: false
                    checksums: [adler32, md5]
                    durability: none
                  - name: public
                    access-points: [/public]
                    backend: {type: posix, root: ./public}
                    read-only: true
                    anonymous: read
                    qos: tape
                    checksums: [SHA-256]
                """.formatted(cert, key));

        GatewayConfig config = GatewayConfig.load(file);

        GatewayConfig expected = new GatewayConfig(
                new ServerConfig("0.0.0.0", 8080, new HttpsConfig(8443, cert, key, List.of("TLSv1.3")), false,
                        Duration.ofSeconds(30), "/var/log/tributary/access.log"),
                List.of(new StorageAreaConfig("atlas-disk", List.of("/atlas", "/atlasdatadisk"),
                                new BackendConfig("posix", Path.of("/srv/atlas"), Map.of()), false,
                                AnonymousAccess.NONE, "disk", 10L << 40, false,
                                List.of(ChecksumAlgorithm.ADLER32, ChecksumAlgorithm.MD5), false),
                        new StorageAreaConfig("public", List.of("/public"), BackendConfig.posix(Path.of("./public")),
                                true, AnonymousAccess.READ, "tape", null, true,
                                List.of(ChecksumAlgorithm.SHA256), true)));
        assertEquals(expected, config);
        assertFalse(config.listensOnLoopbackOnly());
        assertEquals("public", config.area("public").orElseThrow().name());
        assertTrue(config.area("nope").isEmpty());
    }

    @Test
    void omittedKeysTakeTheirDefaults() throws Exception {
        GatewayConfig config = ConfigTestSupport.parse(ConfigTestSupport.AREA);

        assertEquals(ServerConfig.defaults(), config.server());
        StorageAreaConfig area = config.areas().getFirst();
        assertEquals(AnonymousAccess.NONE, area.anonymous(), "deny by default");
        assertFalse(area.readOnly());
        assertEquals("disk", area.qos());
        assertEquals(null, area.quotaBytes());
        assertTrue(area.putCreatesParents());
        assertEquals(List.of(ChecksumAlgorithm.ADLER32, ChecksumAlgorithm.CRC32C), area.checksums());
        assertTrue(area.durable());
    }

    @Test
    void anUnquotedOffStillMeansNoAccessLog() throws Exception {
        GatewayConfig config = ConfigTestSupport.parse("server: {http: {port: 8080}, access-log: off}\n"
                + ConfigTestSupport.AREA);
        assertEquals("off", config.server().accessLog());
    }

    @Test
    void anAreaServesPathsUnderItsAccessPointsOnly() throws Exception {
        StorageAreaConfig area = ConfigTestSupport.parse(ConfigTestSupport.AREA).areas().getFirst();
        assertTrue(area.serves("/data"));
        assertTrue(area.serves("/data/f"));
        assertFalse(area.serves("/database"));
    }
}
