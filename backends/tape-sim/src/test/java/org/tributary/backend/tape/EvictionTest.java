package org.tributary.backend.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.backend.tape.TapeArea.p;

import org.junit.jupiter.api.Test;
import org.tributary.backend.Locality;

import java.time.Duration;
import java.util.List;

/**
 * Eviction: above the high-water mark the disk copies of migrated files go, least recently used first, never a pinned
 * one, down to the low-water mark; a release evicts at once only with evict-on-release; an expired pin holds nothing.
 */
class EvictionTest {

    @Test
    void aboveHighWaterTheLeastRecentlyUsedUnpinnedFilesGoDownToLowWater() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withBuffer(10_000, 0.8, 0.6)).open()) {
            for (int i = 0; i < 4; i++) {
                a.put("/f" + i, TapeArea.bytes(2000, i));
                a.clock.advance(Duration.ofSeconds(1));
            }
            for (int i = 0; i < 4; i++) a.awaitMigrated("/f" + i);
            a.backend.stage("r1", List.of(p("/f0")), a.clock.instant().plus(Duration.ofHours(1))); // oldest, pinned
            a.clock.advance(Duration.ofSeconds(1));
            a.read("/f1"); // used again: now the most recent
            a.clock.advance(Duration.ofSeconds(1));

            a.put("/f4", TapeArea.bytes(2000, 4)); // 10,000 bytes > 8,000: down to 6,000

            assertEquals(Locality.DISK_AND_TAPE, a.locality("/f0"), "pinned");
            assertEquals(Locality.DISK_AND_TAPE, a.locality("/f1"), "recently used");
            assertEquals(Locality.TAPE, a.locality("/f2"), "least recently used");
            assertEquals(Locality.TAPE, a.locality("/f3"));
            assertTrue(a.locality("/f4").online(), "the newest: not evicted (migrated by now or not)");
            assertEquals(6000, a.backend.space().usedBytes());
        }
    }

    @Test
    void withoutEvictOnReleaseAReleasedFileStaysOnDiskUntilSpaceIsNeeded() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withBuffer(5000, 1.0, 0.5)).open()) {
            a.put("/f", TapeArea.bytes(2000, 1));
            a.awaitMigrated("/f");
            a.backend.stage("r1", List.of(p("/f")), a.clock.instant().plus(Duration.ofHours(1)));
            a.backend.release("r1", List.of(p("/f")));
            assertEquals(Locality.DISK_AND_TAPE, a.locality("/f"));
            a.put("/g", TapeArea.bytes(4000, 2)); // needs the room
            assertEquals(Locality.TAPE, a.locality("/f"));
        }
    }

    @Test
    void anExpiredPinHoldsNothing() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withBuffer(5000, 1.0, 0.5)).open()) {
            a.put("/f", TapeArea.bytes(2000, 1));
            a.awaitMigrated("/f");
            a.backend.stage("r1", List.of(p("/f")), a.clock.instant().plus(Duration.ofMinutes(5)));
            a.clock.advance(Duration.ofMinutes(6));
            a.put("/g", TapeArea.bytes(4000, 2));
            assertEquals(Locality.TAPE, a.locality("/f"));
        }
    }

    @Test
    void aLaterPinExtendsAndAnEarlierOneNeverShortens() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withBuffer(5000, 1.0, 0.5)).open()) {
            a.put("/f", TapeArea.bytes(2000, 1));
            a.awaitMigrated("/f");
            a.backend.stage("r1", List.of(p("/f")), a.clock.instant().plus(Duration.ofHours(1)));
            a.backend.stage("r1", List.of(p("/f")), a.clock.instant().plus(Duration.ofMinutes(1)));
            a.clock.advance(Duration.ofMinutes(30));
            a.put("/g", TapeArea.bytes(2500, 2));
            assertEquals(Locality.DISK_AND_TAPE, a.locality("/f"), "still pinned for half an hour");
        }
    }

    @Test
    void expiredPinsAndOldFinishedRecallsAreForgotten() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o).open()) {
            a.put("/f", TapeArea.bytes(10, 1));
            a.backend.stage("r1", List.of(p("/f")), a.clock.instant().plus(Duration.ofMinutes(5)));
            try (var c = org.tributary.backend.tape.catalogue.Catalogue.open(a.options.library().resolve("catalogue.db"))) {
                assertEquals(0, c.prune(a.clock.instant().minus(Duration.ofDays(1))), "a live pin and a fresh recall row stay");
                assertEquals(2, c.prune(a.clock.instant().plus(Duration.ofDays(8))));
            }
            assertEquals(org.tributary.backend.staging.StageProgress.State.FAILED, a.state("r1", "/f"),
                    "a request that old is unknown here");
        }
    }
}
