package org.tributary.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tributary.backend.checksum.ChecksumAlgorithm;

/** The configuration used without a file: one open area on loopback, for a laptop or a CI job. */
class EmbeddedDefaultTest {

    @Test
    void oneAnonymousReadWriteAreaOnLoopback() {
        GatewayConfig config = GatewayConfig.embeddedDefault();

        assertEquals(new ServerConfig("127.0.0.1", 8080, null, false, Duration.ofSeconds(10), "stdout"),
                config.server());
        assertTrue(config.listensOnLoopbackOnly());
        StorageAreaConfig data = config.area("data").orElseThrow();
        assertEquals(List.of("/data"), data.accessPoints());
        assertEquals("posix", data.backend().type());
        assertEquals(Path.of("./data"), data.backend().root(), "relative to the working directory, as given");
        assertEquals(AnonymousAccess.READ_WRITE, data.anonymous());
        assertEquals(List.of(ChecksumAlgorithm.ADLER32, ChecksumAlgorithm.CRC32C), data.checksums());
        assertTrue(data.durable());
        assertTrue(data.putCreatesParents());
        assertEquals("disk", data.qos());
        assertNull(data.quotaBytes());
        assertEquals(1, config.areas().size());
    }

    @Test
    void movingItOntoTheNetworkIsRefused() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> GatewayConfig.embeddedDefault().withOverrides(
                        new CliOverrides(null, null, null, null, null, "0.0.0.0")));
        assertTrue(e.getMessage().startsWith("storage-areas[0].anonymous: read-write lets anyone who can reach"
                + " 0.0.0.0 write to area 'data'"), e.getMessage());
    }
}
