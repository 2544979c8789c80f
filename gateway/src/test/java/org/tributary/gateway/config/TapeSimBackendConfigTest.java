package org.tributary.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.tributary.backend.tape.TapeSimOptions;

/** The keys of a {@code backend: {type: tape-sim}} section: values, defaults, and one-line errors naming the key. */
class TapeSimBackendConfigTest {

    static String area(String backend) {
        return """
                tape-rest: {sitename: TEST-TAPE, state-directory: /srv/tape/state}
                storage-areas:
                  - name: tape
                    access-points: [/tape]
                    backend: %s
                """.formatted(backend);
    }

    /** Without the Tape REST API a tape area's evicted files could never come back: refused, saying what to add. */
    @Test
    void aTapeAreaWithoutTheTapeRestApiIsRefusedUnlessTheAdminTurnedItOff() throws ConfigException {
        String noSection = area("{" + MINIMAL + "}").replace("tape-rest: {sitename: TEST-TAPE, state-directory: /srv/tape/state}\n", "");
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> ConfigTestSupport.parse(noSection));
        assertTrue(e.getMessage().contains("tape-rest") && e.getMessage().contains("'tape' keeps files on tape"), e.getMessage());
        assertFalse(ConfigTestSupport.parse("tape-rest: {enabled: false}\n" + noSection).tapeRest().enabled());
    }

    static TapeSimOptions options(String backend) throws ConfigException {
        return ConfigTestSupport.parse(area(backend)).areas().getFirst().backend().tapeSimOptions();
    }

    private static final String MINIMAL = "type: tape-sim, buffer: /srv/tape/buffer, library: /srv/tape/library,"
            + " buffer-capacity: 10GiB";

    @Test
    void fullSection() throws ConfigException {
        TapeSimOptions o = options("{" + MINIMAL + ", create-directories: true, drives: 4, time-scale: 1000,"
                + " scheduler: fifo, cartridge-capacity: 1TB, high-water: 0.8, low-water: 0.5, migrate-after: 30s,"
                + " migrate-batch-bytes: 10GiB, migrate-max-delay: 2h, evict-on-release: true}");
        assertEquals(Path.of("/srv/tape/buffer"), o.buffer());
        assertEquals(Path.of("/srv/tape/library"), o.library());
        assertTrue(o.createDirectories());
        assertEquals(4, o.drives());
        assertEquals(1000.0, o.timeScale());
        assertEquals(1_000_000_000_000L, o.drive().capacityBytes());
        assertEquals(10L << 30, o.bufferCapacity());
        assertEquals(0.8, o.highWater());
        assertEquals(0.5, o.lowWater());
        assertEquals(Duration.ofSeconds(30), o.migrateAfter());
        assertEquals(10L << 30, o.migrateBatchBytes());
        assertEquals(Duration.ofHours(2), o.migrateMaxDelay());
        assertTrue(o.evictOnRelease());
    }

    @Test
    void defaults() throws ConfigException {
        TapeSimOptions o = options("{" + MINIMAL + "}");
        assertFalse(o.createDirectories());
        assertEquals(2, o.drives());
        assertEquals(1.0, o.timeScale(), "real LTO-9 timing unless asked");
        assertEquals("cartridge", o.scheduler());
        assertEquals("LTO-9", o.drive().generation());
        assertEquals(18_000_000_000_000L, o.drive().capacityBytes());
        assertEquals(Duration.ofMinutes(10), o.migrateAfter());
        assertFalse(o.evictOnRelease(), "released files leave the disk under pressure only");
    }

    @Test
    void errorsNameTheKey() {
        assertEquals("storage-areas[0].backend.buffer: is required for a tape-sim backend: the disk buffer, e.g."
                + " buffer: /srv/tape/buffer", ConfigTestSupport.errorOf(area("{type: tape-sim, library: /l}")));
        assertEquals("storage-areas[0].backend.buffer-capacity: is required: the bytes the disk buffer may hold, e.g."
                        + " buffer-capacity: 100GiB (the eviction marks are fractions of it)",
                ConfigTestSupport.errorOf(area("{type: tape-sim, buffer: /b, library: /l}")));
        assertTrue(ConfigTestSupport.errorOf(area("{" + MINIMAL + ", drive: 2}"))
                .startsWith("storage-areas[0].backend.drive: unknown key; allowed keys here: type, buffer, library,"));
        assertEquals("storage-areas[0].backend.scheduler: 'lifo' is not a recall scheduler; use one of: cartridge, fifo",
                ConfigTestSupport.errorOf(area("{" + MINIMAL + ", scheduler: lifo}")));
        assertEquals("storage-areas[0].backend.drives: '1.5' is not a whole number of drives (1 to 64)",
                ConfigTestSupport.errorOf(area("{" + MINIMAL + ", drives: 1.5}")));
        assertTrue(ConfigTestSupport.errorOf(area("{" + MINIMAL + ", time-scale: 0}"))
                .startsWith("storage-areas[0].backend.time-scale: 0.0 is out of range"));
        assertEquals("storage-areas[0].backend.low-water: 0.95 is above high-water 0.9; eviction goes from high-water"
                + " down to low-water", ConfigTestSupport.errorOf(area("{" + MINIMAL + ", low-water: 0.95}")));
        assertTrue(ConfigTestSupport.errorOf(area("{" + MINIMAL + ", migrate-after: soon}"))
                .startsWith("storage-areas[0].backend.migrate-after: 'soon' is not a duration"));
        assertTrue(ConfigTestSupport.errorOf(area("{type: tape-sim, buffer: /b, library: /l, buffer-capacity: lots}"))
                .startsWith("storage-areas[0].backend.buffer-capacity: 'lots' is not a size"));
        assertEquals("storage-areas[0].backend.library: must not be inside the buffer, nor the buffer inside it (the"
                + " buffer is served to clients, the library is not)",
                ConfigTestSupport.errorOf(area("{type: tape-sim, buffer: /b, library: /b/lib, buffer-capacity: 1GiB}")));
        assertEquals("storage-areas[0].backend.root: is not used by a tape-sim backend; use buffer and library",
                ConfigTestSupport.errorOf(area("{" + MINIMAL + ", root: /x}")));
    }
}
