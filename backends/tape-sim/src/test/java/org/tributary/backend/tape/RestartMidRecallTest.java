package org.tributary.backend.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tributary.backend.tape.TapeArea.p;

import org.junit.jupiter.api.Test;
import org.tributary.backend.Locality;
import org.tributary.backend.staging.StageProgress.State;
import org.tributary.backend.tape.library.DriveFaults;
import org.tributary.backend.tape.library.TapeTime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fault: the process stops in the middle of a recall (here: the backend is closed while a drive is reading, held there
 * by the injected time). The recall queue is in the catalogue, so the reopened backend finishes what was asked without
 * the requester asking again; a file queued but not yet started resumes too.
 */
class RestartMidRecallTest {

    @Test
    void recallsUnderWayAndQueuedResumeAfterARestart() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withDrives(1).withEvictOnRelease(true))) {
            TapeTime scaled = TapeTime.scaled(a.options.timeScale());
            AtomicBoolean hold = new AtomicBoolean();
            CountDownLatch held = new CountDownLatch(1);
            Duration reading = a.options.drive().read(4_000_000);
            a.open(simulated -> {
                if (hold.get() && simulated.equals(reading)) { // the read of the big file: stop here
                    held.countDown();
                    Thread.sleep(Duration.ofDays(1));
                }
                scaled.pass(simulated);
            }, DriveFaults.NONE);
            byte[] big = TapeArea.bytes(4_000_000, 1);
            byte[] small = TapeArea.bytes(1000, 2);
            a.put("/big", big, "g");
            a.put("/small", small, "h");
            a.evict("/big");
            a.evict("/small");

            hold.set(true);
            a.backend.stage("r1", List.of(p("/big")), a.clock.instant().plus(Duration.ofHours(1)));
            held.await();
            a.backend.stage("r1", List.of(p("/small")), a.clock.instant().plus(Duration.ofHours(1)));
            assertEquals(State.RECALLING, a.state("r1", "/big"));
            assertEquals(State.QUEUED, a.state("r1", "/small"), "one drive, busy");
            a.closeBackend(); // the process stops

            a.open();
            a.awaitState("r1", "/big", State.ON_DISK);
            a.awaitState("r1", "/small", State.ON_DISK);
            assertArrayEquals(big, a.read("/big"));
            assertArrayEquals(small, a.read("/small"));
            assertEquals(Locality.DISK_AND_TAPE, a.locality("/big"));
        }
    }
}
