package org.tributary.backend.tape.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * First come, first served: the baseline the trace simulator compares policies with. A drive takes the oldest job whose
 * cartridge is free, plus the jobs queued right behind it on the same cartridge (what a naive queue in front of a
 * library does); it never reorders by position and never looks further down the queue.
 */
public final class FifoScheduler implements RecallScheduler {

    private final LinkedHashMap<Long, RecallJob> queue = new LinkedHashMap<>();

    @Override
    public void submit(RecallJob job) {
        if (queue.putIfAbsent(job.id(), job) != null) throw new IllegalArgumentException("job " + job.id() + " is queued already");
    }

    @Override
    public boolean withdraw(long jobId) { return queue.remove(jobId) != null; }

    @Override
    public Optional<RecallBatch> next(Optional<String> mounted, long head, Set<String> busy, Instant now) {
        List<RecallJob> batch = new ArrayList<>();
        Iterator<RecallJob> it = queue.values().iterator();
        while (it.hasNext()) {
            RecallJob j = it.next();
            if (batch.isEmpty()) {
                if (busy.contains(j.cartridge())) continue;
            } else if (!j.cartridge().equals(batch.getFirst().cartridge())) {
                break;
            }
            batch.add(j);
            it.remove();
        }
        return batch.isEmpty() ? Optional.empty() : Optional.of(new RecallBatch(batch.getFirst().cartridge(), batch));
    }

    @Override
    public int waiting() { return queue.size(); }
}
