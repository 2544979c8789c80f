package org.tributary.backend.tape.schedule;

import java.util.List;

/** What one drive does next: read these jobs from this cartridge, in this order. */
public record RecallBatch(String cartridge, List<RecallJob> jobs) {

    public RecallBatch {
        jobs = List.copyOf(jobs);
        if (jobs.isEmpty()) throw new IllegalArgumentException("a batch has at least one job");
        for (RecallJob j : jobs) {
            if (!j.cartridge().equals(cartridge)) throw new IllegalArgumentException("job " + j.id() + " is not on " + cartridge);
        }
    }
}
