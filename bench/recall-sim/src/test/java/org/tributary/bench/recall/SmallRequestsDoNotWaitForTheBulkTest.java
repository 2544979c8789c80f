package org.tributary.bench.recall;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tributary.backend.tape.model.DriveSpec;
import org.tributary.backend.tape.schedule.CartridgeScheduler;

/**
 * Drives shared between requesters, end to end, on the sharing trace: small requests arriving while a 2,000-file bulk
 * is read are done in minutes (the hold-back and one batch), not after the bulk; and none waits past the bound.
 */
class SmallRequestsDoNotWaitForTheBulkTest {

    private static final Trace SHARING = TraceGenerator.sharing(RecallSim.SEED);
    private static final RecallSimulator SIMULATOR = new RecallSimulator(DriveSpec.lto9());

    @Test
    void underTheCartridgeSchedulerHalfTheSmallRequestsAreDoneWithinTwentyMinutes() {
        List<Duration> small = RecallSim.smallRequests(SIMULATOR.run(SHARING, Policy.CARTRIDGE.scheduler().get()));
        assertTrue(small.get(small.size() / 2).compareTo(Duration.ofMinutes(20)) <= 0, "median " + small.get(small.size() / 2));
        Duration bound = CartridgeScheduler.Settings.defaults().maxWait();
        assertTrue(small.getLast().compareTo(bound) <= 0, "longest " + small.getLast());
    }

    @Test
    void underFifoTheyWaitForTheBulk() {
        SimResult r = SIMULATOR.run(SHARING, Policy.FIFO.scheduler().get());
        List<Duration> small = RecallSim.smallRequests(r);
        assertTrue(small.getFirst().compareTo(Duration.ofHours(10)) >= 0, "the quickest small request took " + small.getFirst());
    }

    @Test
    void sharingCostsFewMounts() {
        int mounts = SIMULATOR.run(SHARING, Policy.CARTRIDGE.scheduler().get()).mounts();
        assertTrue(mounts <= 1.2 * SHARING.distinctCartridges(), mounts + " mounts for " + SHARING.distinctCartridges() + " cartridges");
    }
}
