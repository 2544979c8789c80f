package org.tributary.backend.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.backend.tape.TapeArea.p;

import org.junit.jupiter.api.Test;
import org.tributary.backend.Locality;
import org.tributary.backend.staging.StageProgress.State;

import java.time.Duration;
import java.util.List;

/** Moves, deletes and overwrites through the gateway keep the catalogue in step with the buffer. */
class NamespaceKeepsTheCatalogueTest {

    @Test
    void aMovedTreeKeepsItsFilesOnTapeAndStageable() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withEvictOnRelease(true)).open()) {
            byte[] content = TapeArea.bytes(3000, 1);
            a.put("/run/obs/f", content);
            a.evict("/run/obs/f");
            a.backend.move(p("/run"), p("/archive"), false);
            assertEquals(Locality.TAPE, a.locality("/archive/obs/f"));
            assertEquals(3000, a.backend.stat(p("/archive/obs/f")).orElseThrow().size());
            a.backend.stage("r1", List.of(p("/archive/obs/f")), a.clock.instant().plus(Duration.ofHours(1)));
            a.awaitState("r1", "/archive/obs/f", State.ON_DISK);
            assertArrayEquals(content, a.read("/archive/obs/f"));
        }
    }

    @Test
    void anOverwrittenFileIsOnDiskAgainAndItsOldTapeCopyForgotten() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withEvictOnRelease(true)
                .withMigration(Duration.ofHours(1), 0, Duration.ZERO)).open()) {
            a.put("/f", TapeArea.bytes(3000, 1));
            a.clock.advance(Duration.ofHours(2));
            a.evict("/f");
            byte[] fresh = TapeArea.bytes(500, 2);
            a.put("/f", fresh);
            assertEquals(Locality.DISK, a.locality("/f"));
            assertTrue(a.record("/f").cartridge().isEmpty());
            assertArrayEquals(fresh, a.read("/f"));
            a.backend.stage("r1", List.of(p("/f")), a.clock.instant().plus(Duration.ofHours(1)));
            assertEquals(State.ON_DISK, a.state("r1", "/f"));
        }
    }

    @Test
    void aDeletedOfflineFileIsGoneAndItsSpaceIsNotCounted() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withEvictOnRelease(true)
                .withMigration(Duration.ofHours(1), 0, Duration.ZERO)).open()) {
            a.put("/d/f", TapeArea.bytes(3000, 1));
            a.put("/d/g", TapeArea.bytes(1000, 2));
            a.clock.advance(Duration.ofHours(2));
            a.evict("/d/f");
            assertEquals(1000, a.backend.space().usedBytes());
            a.backend.deleteTree(p("/d"));
            assertTrue(a.backend.stat(p("/d/f")).isEmpty());
            assertEquals(0, a.backend.space().usedBytes());
            a.put("/d/f", TapeArea.bytes(10, 3));
            assertEquals(Locality.DISK, a.locality("/d/f"), "a new file of the old name has nothing of the old one");
        }
    }
}
