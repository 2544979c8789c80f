package org.tributary.backend.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.backend.tape.TapeArea.p;

import org.junit.jupiter.api.Test;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Locality;
import org.tributary.backend.StorageException;
import org.tributary.backend.staging.StageProgress.State;
import org.tributary.backend.staging.Staging;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * A file's way through the tape area: written to the buffer (DISK), migrated (DISK_AND_TAPE), evicted (TAPE: stat
 * and list still show it with its size, a read fails OFFLINE saying to stage it), staged (recalled with its bytes,
 * DISK_AND_TAPE again).
 */
class FileLifeCycleTest {

    @Test
    void aFileGoesToTapeLeavesTheDiskAndComesBackWhenStaged() throws Exception {
        lifeCycle("fifo");
    }

    /** The same with the cartridge scheduler (its hold-back scaled down with the clock, so the recall is not held). */
    @Test
    void theCartridgeSchedulerRecallsTheSame() throws Exception {
        lifeCycle("cartridge");
    }

    private static void lifeCycle(String scheduler) throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withEvictOnRelease(true).withScheduler(scheduler)).open()) {
            byte[] content = TapeArea.bytes(100_000, 7);
            EntryInfo written = a.put("/d/f", content).entry();
            assertEquals(Locality.DISK, written.locality());

            a.awaitMigrated("/d/f");
            a.evict("/d/f");
            EntryInfo offline = a.backend.stat(p("/d/f")).orElseThrow();
            assertEquals(Locality.TAPE, offline.locality());
            assertEquals(100_000, offline.size(), "the size of the file, not of its stub");
            assertEquals(written.changeStamp(), offline.changeStamp(), "same content, same stamp");
            try (var l = a.backend.list(p("/d"))) {
                EntryInfo listed = StreamSupport.stream(l.spliterator(), false).findFirst().orElseThrow();
                assertEquals(Locality.TAPE, listed.locality());
                assertEquals(100_000, listed.size());
            }
            StorageException refused = assertThrows(StorageException.class, () -> a.backend.openRead(p("/d/f")));
            assertEquals(StorageException.Kind.OFFLINE, refused.kind());
            assertTrue(refused.getMessage().contains("stage it"), refused.getMessage());
            assertEquals(0, java.nio.file.Files.size(a.options.buffer().resolve("d/f")), "the disk copy is gone");

            a.backend.stage("r1", List.of(p("/d/f")), Instant.now().plusSeconds(3600));
            a.awaitState("r1", "/d/f", State.ON_DISK);
            assertEquals(Locality.DISK_AND_TAPE, a.locality("/d/f"));
            assertArrayEquals(content, a.read("/d/f"));
            assertEquals(written.changeStamp(), a.backend.stat(p("/d/f")).orElseThrow().changeStamp(),
                    "the recall restores the stamp the checksums are bound to");
        }
    }

    @Test
    void stagingAFileOnDiskPinsItAndReportsOnDiskAtOnce() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withMigration(java.time.Duration.ofHours(1), 0,
                java.time.Duration.ZERO)).open()) {
            a.put("/f", TapeArea.bytes(10, 1));
            a.backend.stage("r1", List.of(p("/f")), Instant.now().plusSeconds(60));
            assertEquals(State.ON_DISK, a.state("r1", "/f"));
        }
    }

    @Test
    void whatIsNotAFileFailsAtPollTimeNotAtStageTime() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o).open()) {
            a.backend.createDirectory(p("/dir"));
            a.backend.stage("r1", List.of(p("/missing"), p("/dir")), Instant.now());
            var missing = a.backend.progress("r1", p("/missing"));
            assertEquals(State.FAILED, missing.state());
            assertEquals("no such file", missing.error().orElseThrow());
            assertEquals(State.FAILED, a.state("r1", "/dir"));
        }
    }

    @Test
    void theStagingFeatureIsFoundFromTheTopOfAStack() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o).open()) {
            var stack = new org.tributary.backend.checksum.ChecksummingBackend(a.backend,
                    List.of(org.tributary.backend.checksum.ChecksumAlgorithm.ADLER32));
            assertEquals(a.backend, stack.feature(Staging.class).orElseThrow());
        }
    }

    @Test
    void cancelDropsTheRecallAndThePinOfThatRequesterOnly() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withEvictOnRelease(true)).open()) {
            a.put("/f", TapeArea.bytes(1000, 3));
            a.evict("/f");
            a.backend.cancel("r1", List.of(p("/f"))); // nothing staged by r1: harmless
            a.gate.shut(); // no recall ends before the cancel
            a.backend.stage("r2", List.of(p("/f")), Instant.now().plusSeconds(3600));
            a.backend.stage("r3", List.of(p("/f")), Instant.now().plusSeconds(3600));
            a.backend.cancel("r2", List.of(p("/f")));
            assertEquals(State.CANCELLED, a.state("r2", "/f"));
            a.gate.open();
            a.awaitState("r3", "/f", State.ON_DISK);
            assertEquals(State.CANCELLED, a.state("r2", "/f"), "a cancelled request stays cancelled");
            a.backend.release(null, List.of(p("/f")));
            TapeArea.await(() -> a.locality("/f") == Locality.TAPE, "released: evicted again");
        }
    }
}
