package org.tributary.backend.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tributary.backend.tape.TapeArea.p;

import org.junit.jupiter.api.Test;
import org.tributary.backend.staging.LibraryStatus;
import org.tributary.backend.staging.StageProgress.State;
import org.tributary.backend.tape.library.TapeTime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault: a drive fails in the middle of a recall. A file system cannot make a drive fail, so the failure is injected
 * through the library's test hook ({@link org.tributary.backend.tape.library.DriveFaults}): the first drive to read
 * fails. The drive leaves service, its cartridge goes back, and the recall is done by the other drive.
 */
class DriveFailureTest {

    @Test
    void theRecallOfAFailedDriveIsDoneByAnother() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withDrives(2).withEvictOnRelease(true))) {
            AtomicInteger failures = new AtomicInteger();
            AtomicInteger failedDrive = new AtomicInteger(-1);
            a.open(TapeTime.scaled(a.options.timeScale()), (drive, job) -> {
                if (failures.getAndIncrement() > 0) return false;
                failedDrive.set(drive);
                return true;
            });
            byte[] content = TapeArea.bytes(3000, 9);
            a.put("/f", content);
            a.evict("/f");

            a.backend.stage("r1", List.of(p("/f")), a.clock.instant().plus(Duration.ofHours(1)));
            a.awaitState("r1", "/f", State.ON_DISK);
            assertEquals(2, failures.get(), "asked once on the drive that failed, once on the one that read it");
            assertEquals(1, a.backend.drivesInService());
            LibraryStatus.Snapshot s = a.backend.feature(LibraryStatus.class).orElseThrow().libraryStatus();
            assertEquals(2, s.drives());
            assertEquals(1, s.drivesInService());
            assertArrayEquals(content, a.read("/f"));
        }
    }
}
