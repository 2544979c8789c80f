package org.tributary.backend.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.backend.tape.TapeArea.p;

import org.junit.jupiter.api.Test;
import org.tributary.backend.Locality;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.placement.Placement;
import org.tributary.backend.placement.PlacementControl;
import org.tributary.backend.placement.PlacementTarget;
import org.tributary.backend.staging.StageProgress.State;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * PlacementControl on a tape area (issue 13, docs/tape.md "Placement and QoS"): each placement reaches what
 * {@link Placement#heldBy} expects and keeps it; explicit tape placements do not wait for {@code migrate-after} (an
 * hour here, so a file never placed stays on disk meanwhile); DISK and DISK_AND_TAPE files are never evicted.
 */
class PlacementTest {

    private static TapeArea area() throws Exception {
        return TapeArea.create(o -> o.withMigration(Duration.ofHours(1), 0, Duration.ZERO)).open();
    }

    private static PlacementControl placement(TapeArea a) {
        return a.backend.feature(PlacementControl.class).orElseThrow();
    }

    private static void place(TapeArea a, String path, Placement placement) throws Exception {
        placement(a).place(p(path), PlacementTarget.of(placement));
    }

    private static boolean held(TapeArea a, String path, Placement placement) throws Exception {
        return placement.heldBy(a.locality(path));
    }

    /** Waits until the migration policy has run after everything so far: a file that is due is then on tape. */
    private static void aMigrationRoundLater(TapeArea a) throws Exception {
        String marker = "/marker-" + System.nanoTime();
        a.put(marker, TapeArea.bytes(10, 9));
        place(a, marker, Placement.DISK_AND_TAPE);
        a.awaitMigrated(marker);
    }

    @Test
    void eachPlacementReachesWhatItPromisesWithoutWaitingForMigrateAfter() throws Exception {
        try (TapeArea a = area()) {
            byte[] content = TapeArea.bytes(3000, 1);
            for (String f : List.of("/disk", "/both", "/tape", "/default")) a.put(f, content);
            place(a, "/disk", Placement.DISK);
            place(a, "/both", Placement.DISK_AND_TAPE);
            place(a, "/tape", Placement.TAPE);

            TapeArea.await(() -> held(a, "/both", Placement.DISK_AND_TAPE), "/both on disk and tape");
            TapeArea.await(() -> a.locality("/tape") == Locality.TAPE, "/tape migrated, then evicted");
            aMigrationRoundLater(a);
            assertEquals(Locality.DISK, a.locality("/disk"));
            assertEquals(Locality.DISK, a.locality("/default"), "never placed: waits for migrate-after");
            assertTrue(held(a, "/disk", Placement.DISK));

            a.clock.advance(Duration.ofHours(2)); // the default file is due now; the DISK one never is
            TapeArea.await(() -> a.locality("/default") == Locality.DISK_AND_TAPE, "/default migrated by age");
            aMigrationRoundLater(a);
            assertEquals(Locality.DISK, a.locality("/disk"), "a DISK file is never migrated");

            assertEquals(PlacementTarget.of(Placement.DISK), placement(a).target(p("/disk")));
            assertEquals(PlacementTarget.of(Placement.DISK_AND_TAPE), placement(a).target(p("/both")));
            assertEquals(PlacementTarget.of(Placement.TAPE), placement(a).target(p("/tape")));
            assertEquals(PlacementTarget.of(Placement.TAPE), placement(a).target(p("/default")),
                    "the default's promise: on tape, the disk copy a cache");
        }
    }

    @Test
    void diskAndTapeFilesAreNeverEvictedSoABufferFullOfThemRefusesWrites() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withBuffer(5000, 0.5, 0.2)
                .withMigration(Duration.ofHours(1), 0, Duration.ZERO)).open()) {
            a.put("/d", TapeArea.bytes(2000, 1));
            place(a, "/d", Placement.DISK);
            a.put("/dt", TapeArea.bytes(2000, 2));
            place(a, "/dt", Placement.DISK_AND_TAPE);
            a.awaitMigrated("/dt"); // above high-water since the second file, and nothing may go

            StorageException full = assertThrows(StorageException.class, () -> a.put("/more", TapeArea.bytes(2000, 3)));
            assertEquals(Kind.INSUFFICIENT_STORAGE, full.kind());
            assertEquals(Locality.DISK, a.locality("/d"));
            assertEquals(Locality.DISK_AND_TAPE, a.locality("/dt"));

            place(a, "/dt", Placement.TAPE); // the same file, a class that lets the disk copy go
            assertEquals(Locality.TAPE, a.locality("/dt"), "on tape and unpinned: evicted at once");
            a.put("/more", TapeArea.bytes(2000, 3));
        }
    }

    @Test
    void diskThenTapeThenDiskAgainRecallsAndKeepsTheFile() throws Exception {
        try (TapeArea a = area()) {
            byte[] content = TapeArea.bytes(5000, 4);
            a.put("/f", content);
            place(a, "/f", Placement.DISK);
            aMigrationRoundLater(a);
            assertEquals(Locality.DISK, a.locality("/f"));

            place(a, "/f", Placement.TAPE);
            TapeArea.await(() -> a.locality("/f") == Locality.TAPE, "/f on tape only");
            assertEquals(OfflineRead.OFFLINE, OfflineRead.of(a, "/f"));

            place(a, "/f", Placement.DISK);
            TapeArea.await(() -> held(a, "/f", Placement.DISK), "/f recalled");
            assertEquals(Locality.DISK_AND_TAPE, a.locality("/f"), "the tape copy may stay: harmless");
            assertArrayEquals(content, a.read("/f"));
            assertEquals(State.ON_DISK, a.state(TapeSimBackend.PLACEMENT_REQUESTER, "/f"),
                    "the backend's own recall, in the recall queue like a client's");
        }
    }

    @Test
    void aStagePinHoldsAFilePlacedOnTapeUntilItIsReleased() throws Exception {
        try (TapeArea a = area()) {
            a.put("/f", TapeArea.bytes(1000, 6));
            a.backend.stage("r1", List.of(p("/f")), a.clock.instant().plus(Duration.ofHours(1)));
            place(a, "/f", Placement.TAPE);
            a.awaitMigrated("/f");
            aMigrationRoundLater(a);
            assertEquals(Locality.DISK_AND_TAPE, a.locality("/f"), "pinned: the disk copy stays");
            a.backend.release("r1", List.of(p("/f")));
            assertEquals(Locality.TAPE, a.locality("/f"), "released: gone at once, evict-on-release or not");
        }
    }

    @Test
    void theTargetBelongsToThePathAMoveCarriesItARewriteKeepsItADeleteDropsIt() throws Exception {
        try (TapeArea a = area()) {
            a.put("/f", TapeArea.bytes(100, 1));
            place(a, "/f", Placement.DISK);
            a.backend.move(p("/f"), p("/g"), false);
            assertEquals(PlacementTarget.of(Placement.DISK), placement(a).target(p("/g")));

            a.put("/g", TapeArea.bytes(200, 2));
            assertEquals(PlacementTarget.of(Placement.DISK), placement(a).target(p("/g")), "a new version keeps it");

            a.backend.delete(p("/g"));
            a.put("/g", TapeArea.bytes(300, 3));
            assertEquals(PlacementTarget.of(Placement.TAPE), placement(a).target(p("/g")), "the default again");

            place(a, "/t", Placement.TAPE, TapeArea.bytes(400, 4));
            a.awaitEvicted("/t");
            byte[] second = TapeArea.bytes(500, 5);
            a.put("/t", second);
            TapeArea.await(() -> a.locality("/t") == Locality.TAPE, "the new version of /t on tape only");
            a.backend.stage("r1", List.of(p("/t")), a.clock.instant().plus(Duration.ofHours(1)));
            a.awaitState("r1", "/t", State.ON_DISK);
            assertArrayEquals(second, a.read("/t"));
        }
    }

    private static void place(TapeArea a, String path, Placement placement, byte[] content) throws Exception {
        a.put(path, content);
        place(a, path, placement);
    }

    @Test
    void targetsSurviveARestart() throws Exception {
        try (TapeArea a = area()) {
            a.put("/d", TapeArea.bytes(100, 1));
            a.put("/t", TapeArea.bytes(100, 2));
            place(a, "/d", Placement.DISK);
            place(a, "/t", Placement.TAPE);
            a.awaitEvicted("/t");
            a.closeBackend();

            a.open();
            assertEquals(PlacementTarget.of(Placement.DISK), placement(a).target(p("/d")));
            assertEquals(PlacementTarget.of(Placement.TAPE), placement(a).target(p("/t")));
            a.clock.advance(Duration.ofHours(2));
            aMigrationRoundLater(a);
            assertEquals(Locality.DISK, a.locality("/d"), "still never migrated");
        }
    }

    @Test
    void aFilePlacedOnTapeThatAStopLeftOnDiskGoesAtStart() throws Exception {
        try (TapeArea a = area()) {
            a.put("/f", TapeArea.bytes(1000, 6));
            a.backend.stage("r1", List.of(p("/f")), a.clock.instant().plus(Duration.ofMinutes(5)));
            place(a, "/f", Placement.TAPE);
            a.awaitMigrated("/f"); // pinned: stays on disk
            a.closeBackend();
            a.clock.advance(Duration.ofMinutes(10)); // the pin ran out while the gateway was stopped

            a.open();
            assertEquals(Locality.TAPE, a.locality("/f"));
        }
    }

    @Test
    void aRecallAPlacementAskedForResumesAfterARestart() throws Exception {
        try (TapeArea a = area()) {
            byte[] content = TapeArea.bytes(2000, 7);
            a.put("/f", content);
            place(a, "/f", Placement.TAPE);
            a.awaitEvicted("/f");
            a.gate.shut(); // no drive step ends: the recall stays queued or under way
            place(a, "/f", Placement.DISK);
            a.closeBackend();
            a.gate.open();

            a.open();
            TapeArea.await(() -> a.locality("/f").online(), "/f recalled after the restart");
            assertArrayEquals(content, a.read("/f"));
        }
    }

    @Test
    void aCatalogueWrittenBeforePlacementsOpensAndItsFilesHaveTheDefault() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withMigration(Duration.ofHours(1), 0, Duration.ZERO))) {
            Files.createDirectories(a.options.library());
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + a.options.library().resolve("catalogue.db"));
                 var s = c.createStatement()) {
                // the files table as main wrote it before issue 13
                s.execute("CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, modified INTEGER NOT NULL,"
                        + " stamp TEXT NOT NULL, written INTEGER NOT NULL, collocation TEXT NOT NULL,"
                        + " on_disk INTEGER NOT NULL, cartridge TEXT, position INTEGER NOT NULL DEFAULT 0, adler32 TEXT,"
                        + " lost INTEGER NOT NULL DEFAULT 0, last_access INTEGER NOT NULL)");
            }
            a.open();
            a.put("/f", TapeArea.bytes(100, 1));
            assertEquals(PlacementTarget.of(Placement.TAPE), placement(a).target(p("/f")));
            place(a, "/f", Placement.TAPE);
            a.awaitEvicted("/f");
        }
    }

    @Test
    void aFileWrittenBehindTheGatewaysBackIsDiskUntilPlaced() throws Exception {
        try (TapeArea a = area()) {
            byte[] content = TapeArea.bytes(700, 8);
            Files.write(a.options.buffer().resolve("behind"), content);
            assertEquals(PlacementTarget.of(Placement.DISK), placement(a).target(p("/behind")));
            place(a, "/behind", Placement.TAPE);
            a.awaitEvicted("/behind");
            a.backend.stage("r1", List.of(p("/behind")), a.clock.instant().plus(Duration.ofHours(1)));
            a.awaitState("r1", "/behind", State.ON_DISK);
            assertArrayEquals(content, a.read("/behind"));
        }
    }

    @Test
    void badRequestsAreRefusedWithTheirKind() throws Exception {
        try (TapeArea a = area()) {
            a.backend.createDirectory(p("/dir"));
            a.put("/f", TapeArea.bytes(10, 1));
            assertEquals(Kind.NOT_FOUND, kindOf(() -> place(a, "/nothing", Placement.TAPE)));
            assertEquals(Kind.CONFLICT, kindOf(() -> place(a, "/dir", Placement.TAPE)));
            assertEquals(Kind.UNSUPPORTED, kindOf(() -> placement(a).place(p("/f"),
                    new PlacementTarget(Placement.DISK, Optional.of("STANDARD_IA")))));
            assertEquals(Kind.NOT_FOUND, kindOf(() -> placement(a).target(p("/nothing"))));
            assertFalse(placement(a).supported().isEmpty());
            assertEquals(PlacementTarget.of(Placement.TAPE), placement(a).target(p("/f")), "nothing changed");
        }
    }

    interface Step {
        void run() throws Exception;
    }

    static Kind kindOf(Step step) {
        return assertThrows(StorageException.class, step::run).kind();
    }

    /** What a read of a file answers: its bytes, or OFFLINE. */
    enum OfflineRead {
        OFFLINE, READ;

        static OfflineRead of(TapeArea a, String path) throws Exception {
            try {
                a.read(path);
                return READ;
            } catch (StorageException e) {
                if (e.kind() == Kind.OFFLINE) return OFFLINE;
                throw e;
            }
        }
    }
}
