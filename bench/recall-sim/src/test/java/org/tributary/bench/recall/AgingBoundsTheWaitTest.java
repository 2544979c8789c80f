package org.tributary.bench.recall;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tributary.backend.tape.model.DriveSpec;
import org.tributary.backend.tape.schedule.CartridgeScheduler;

/**
 * The bound on waiting, end to end: one drive, a cartridge that receives a file every ten seconds for six hours (so
 * "stay mounted" would keep the drive on it all day), and one file on another cartridge asked for at the start.
 */
class AgingBoundsTheWaitTest {

    private static final long GB = 1_000_000_000L;

    private static Trace starving() {
        List<Recall> recalls = new ArrayList<>();
        recalls.add(new Recall(0, "lonely", "OTHER", 0, GB));
        long position = 0;
        for (long at = 0; at < Duration.ofHours(6).toMillis(); at += 10_000) {
            recalls.add(new Recall(at, "stream", "HOT", position, 4 * GB));
            position += 4 * GB;
        }
        return new Trace("starving", 1, recalls);
    }

    private static SimResult run(Duration maxWait) {
        CartridgeScheduler.Settings s = CartridgeScheduler.Settings.defaults();
        CartridgeScheduler scheduler = new CartridgeScheduler(DriveSpec.lto9(), new CartridgeScheduler.Settings(s.minAge(), s.minBytes(), s.minFiles(), maxWait));
        return new RecallSimulator(DriveSpec.lto9()).run(starving(), scheduler);
    }

    @Test
    void aFileWaitsNoLongerThanMaxWaitAndOneBatch() {
        Duration maxWait = CartridgeScheduler.Settings.defaults().maxWait();
        SimResult r = run(maxWait);
        assertTrue(r.longestWait().compareTo(maxWait.plusMinutes(5)) <= 0, "the lonely file waited " + r.longestWait());
    }

    @Test
    void withoutTheBoundTheSameFileWaitsForTheWholeStream() {
        SimResult r = run(Duration.ofDays(1));
        assertTrue(r.longestWait().compareTo(Duration.ofHours(6)) >= 0, "the lonely file waited only " + r.longestWait());
    }
}
