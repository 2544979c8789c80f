package org.tributary.backend.tape.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.tributary.backend.tape.model.DriveSpec;

/**
 * Recalls by cartridge: a drive reads everything queued for a cartridge in one mount, in position order, and the
 * drives are shared fairly between requesters, with a bound on how long any job waits. A free drive decides by these
 * rules, in this order (docs/decisions/0027-recall-scheduler.md says why):
 *
 * <ol>
 *   <li><b>Bounded wait.</b> A job that has waited {@code maxWait} or longer is served next, whatever it costs: the
 *       drive takes the cartridge of the oldest such job (one no other drive holds).</li>
 *   <li><b>Stay mounted.</b> If the drive's own cartridge has jobs queued, it reads them: no dismount, no mount.</li>
 *   <li><b>Mount criteria.</b> Another cartridge is mounted only when its queue is worth a mount: its oldest job has
 *       waited {@code minAge}, or it holds {@code minBytes} or {@code minFiles} (the mount policy of CERN's CTA: a
 *       queue that just got its first file would cost a mount now and another for the files that follow it).</li>
 *   <li><b>Fair share.</b> Among the cartridges that pass, the one serving the requester that has received least
 *       drive time ({@link FairShare}); of those, the one with most bytes queued; then by name, so the choice is
 *       deterministic.</li>
 * </ol>
 *
 * A batch is all that the cartridge has queued, ordered for one forward sweep from the head ({@link
 * CartridgeQueue#sweepFrom}); its estimated drive time (mount if needed, locates, reads, after {@link DriveSpec}) is
 * charged to its requesters in proportion to their bytes in it.
 */
public final class CartridgeScheduler implements RecallScheduler {

    /**
     * When a cartridge's queue is worth a mount, and how long any job may wait.
     *
     * @param minAge   a queue whose oldest job waited this long is mounted, however small
     * @param minBytes a queue holding this many bytes is mounted at once
     * @param minFiles a queue holding this many files is mounted at once
     * @param maxWait  a job that waited this long is served next, whatever it costs (at least {@code minAge})
     */
    public record Settings(Duration minAge, long minBytes, int minFiles, Duration maxWait) {

        public Settings {
            if (minAge.isNegative()) throw new IllegalArgumentException("minAge must not be negative");
            if (minBytes < 0 || minFiles < 0) throw new IllegalArgumentException("minBytes and minFiles must not be negative");
            if (maxWait.compareTo(minAge) < 0) throw new IllegalArgumentException("maxWait must be at least minAge");
        }

        /**
         * Ten minutes, 200 GB (about eight minutes of LTO-9 reading, several times the two to three minutes a mount,
         * an average locate and a dismount take), 500 files; no job waits more than two hours before it goes first.
         * The trace simulator ({@code bench/recall-sim}, docs/tape-scheduler.md) is where these were chosen.
         */
        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(10), 200_000_000_000L, 500, Duration.ofHours(2));
        }

        /**
         * These settings for a library whose clock runs {@code timeScale} times faster than the drives' figures: the
         * simulated backend sleeps each {@link DriveSpec} step divided by its {@code time-scale} but stamps jobs with
         * the wall clock, so ten minutes of hold-back must become ten minutes divided by the scale as well.
         */
        public Settings scaled(double timeScale) {
            if (!(timeScale > 0) || Double.isInfinite(timeScale)) throw new IllegalArgumentException("time scale must be positive");
            return new Settings(divide(minAge, timeScale), minBytes, minFiles, divide(maxWait, timeScale));
        }

        private static Duration divide(Duration d, double by) { return Duration.ofNanos(Math.round(d.toNanos() / by)); }
    }

    private final DriveSpec drive;
    private final Settings settings;
    private final Map<Long, RecallJob> jobs = new HashMap<>();
    private final Map<String, CartridgeQueue> queues = new TreeMap<>();
    private final NavigableSet<RecallJob> byAge = new TreeSet<>(CartridgeQueue.BY_AGE);
    private final FairShare share = new FairShare();
    /** The time of the last {@link #next} call: a queue due by then was passed over because another drive holds it. */
    private Instant asked = Instant.MIN;

    public CartridgeScheduler(DriveSpec drive, Settings settings) {
        this.drive = drive;
        this.settings = settings;
    }

    @Override
    public void submit(RecallJob job) {
        if (jobs.putIfAbsent(job.id(), job) != null) throw new IllegalArgumentException("job " + job.id() + " is queued already");
        queues.computeIfAbsent(job.cartridge(), CartridgeQueue::new).add(job);
        byAge.add(job);
        share.queued(job.requester());
    }

    @Override
    public boolean withdraw(long jobId) {
        RecallJob job = jobs.remove(jobId);
        if (job == null) return false;
        dequeue(job);
        return true;
    }

    @Override
    public Optional<RecallBatch> next(Optional<String> mounted, long head, Set<String> busy, Instant now) {
        asked = now;
        Optional<CartridgeQueue> chosen = overdue(busy, now)
                .or(() -> mounted.map(queues::get))
                .or(() -> fairest(busy, now));
        if (chosen.isEmpty()) return Optional.empty();
        CartridgeQueue queue = chosen.get();
        boolean stays = mounted.filter(queue.cartridge()::equals).isPresent();
        List<RecallJob> order = queue.sweepFrom(stays ? head : 0);
        charge(order, stays ? head : 0, !stays);
        for (RecallJob j : order) {
            jobs.remove(j.id());
            dequeue(j);
        }
        return Optional.of(new RecallBatch(queue.cartridge(), order));
    }

    @Override
    public Optional<Instant> retryAt() {
        // Only age makes a queue due by itself (bytes and files grow by submits, which wake the drives anyway). A queue
        // that was due when a drive last asked and still waits is on a cartridge another drive holds: that drive asks
        // when it frees, so naming the past here would only make idle drives spin.
        return queues.values().stream().map(q -> q.oldest().plus(settings.minAge())).filter(asked::isBefore)
                .min(Comparator.naturalOrder());
    }

    @Override
    public int waiting() { return jobs.size(); }

    private Optional<CartridgeQueue> overdue(Set<String> busy, Instant now) {
        Instant due = now.minus(settings.maxWait());
        for (RecallJob j : byAge) {
            if (j.submitted().isAfter(due)) break;
            if (!busy.contains(j.cartridge())) return Optional.of(queues.get(j.cartridge()));
        }
        return Optional.empty();
    }

    private Optional<CartridgeQueue> fairest(Set<String> busy, Instant now) {
        Instant ripe = now.minus(settings.minAge());
        CartridgeQueue best = null;
        double bestReceived = 0;
        for (CartridgeQueue q : queues.values()) {
            if (busy.contains(q.cartridge())) continue;
            boolean worthAMount = !q.oldest().isAfter(ripe) || q.bytes() >= settings.minBytes() || q.size() >= settings.minFiles();
            if (!worthAMount) continue;
            double received = share.leastReceived(q.requesters());
            // queues iterate by name, so a strict comparison keeps the first name on a tie
            if (best == null || received < bestReceived || (received == bestReceived && q.bytes() > best.bytes())) {
                best = q;
                bestReceived = received;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Charges the batch's estimated drive time to its requesters, in proportion to their bytes (or files) in it. */
    private void charge(List<RecallJob> order, long head, boolean mounts) {
        Duration cost = mounts ? drive.mount() : Duration.ZERO;
        long at = head;
        long bytes = 0;
        for (RecallJob j : order) {
            cost = cost.plus(drive.locate(at, j.position())).plus(drive.read(j.size()));
            at = j.position() + j.size();
            bytes += j.size();
        }
        double seconds = cost.toNanos() / 1e9;
        Map<String, Double> parts = new HashMap<>();
        for (RecallJob j : order) {
            double part = bytes > 0 ? (double) j.size() / bytes : 1.0 / order.size();
            parts.merge(j.requester(), part, Double::sum);
        }
        parts.forEach((requester, part) -> share.charge(requester, seconds * part));
    }

    private void dequeue(RecallJob job) {
        CartridgeQueue q = queues.get(job.cartridge());
        q.remove(job);
        if (q.isEmpty()) queues.remove(job.cartridge());
        byAge.remove(job);
        share.dequeued(job.requester());
    }
}
