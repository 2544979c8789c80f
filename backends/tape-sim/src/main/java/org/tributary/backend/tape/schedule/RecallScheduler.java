package org.tributary.backend.tape.schedule;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which files a free drive reads next. The simulated library calls it whenever a drive becomes free, a job is
 * submitted, or the time {@link #retryAt()} names has come; the trace simulator in {@code bench/} calls the same
 * methods on a simulated clock, so a policy is judged by what it would do in the library. Implementations are not
 * thread-safe; the library calls them under its own lock.
 */
public interface RecallScheduler {

    /** Queues a job. */
    void submit(RecallJob job);

    /** Drops a queued job (a cancelled request); false when it is not queued (already handed to a drive, or unknown). */
    boolean withdraw(long jobId);

    /**
     * The next batch for a free drive, removed from the queue; empty when nothing can be done now.
     *
     * @param mounted  the cartridge this drive holds (empty when it holds none): staying on it saves a dismount and a mount
     * @param head     the head position on the mounted cartridge
     * @param busy     cartridges other drives hold or are mounting: a batch on one of those must wait for it
     * @param now      the current time (the library's clock, or the simulator's)
     */
    Optional<RecallBatch> next(Optional<String> mounted, long head, Set<String> busy, Instant now);

    /**
     * When a drive that got nothing from {@link #next} must ask again even if no job is submitted and no drive frees
     * meanwhile. A policy that holds back a small queue (to mount its cartridge once for more files) says when the
     * first held-back queue becomes due; the caller wakes its idle drives then. Empty: asking again on the next
     * submit or freed drive is enough (FIFO never holds anything back).
     */
    default Optional<Instant> retryAt() { return Optional.empty(); }

    /** How many jobs wait. */
    int waiting();
}
