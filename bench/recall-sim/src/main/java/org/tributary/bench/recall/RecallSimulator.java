package org.tributary.bench.recall;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.tributary.backend.tape.model.DriveSpec;
import org.tributary.backend.tape.schedule.RecallBatch;
import org.tributary.backend.tape.schedule.RecallJob;
import org.tributary.backend.tape.schedule.RecallScheduler;

/**
 * A discrete-event simulation of a tape library replaying a trace through a {@link RecallScheduler}: the drives ask
 * the scheduler for work exactly when the library's drives would (a drive frees, a file is asked for, the time the
 * scheduler named in {@link RecallScheduler#retryAt()} comes), and every step takes its {@link DriveSpec} time on a
 * simulated clock (nanoseconds from the start of the trace), so a day of recalls replays in milliseconds and the same
 * trace always gives the same figures.
 *
 * <p>A drive keeps its cartridge mounted while idle and dismounts only to mount another (a library that unloads idle
 * drives after a while would mount a little more, the same for every policy). The library has one robot, as the
 * backend's has: drives unload and load in parallel, but a cartridge travels only when the robot is free. A drive
 * books the robot when its batch starts, for the moves it will need, so a batch that starts later never gets the robot
 * first (a small simplification: a real robot takes requests in the order they come).
 */
public final class RecallSimulator {

    private final DriveSpec drive;

    public RecallSimulator(DriveSpec drive) { this.drive = drive; }

    public SimResult run(Trace trace, RecallScheduler scheduler) {
        List<Recall> recalls = trace.recalls();
        Drive[] drives = new Drive[trace.drives()];
        for (int d = 0; d < drives.length; d++) drives[d] = new Drive();
        Stats stats = new Stats(recalls.size());
        Robot robot = new Robot(drive.robotMove().toNanos());
        int arrived = 0;
        long now = 0;
        while (true) {
            while (arrived < recalls.size() && millisToNanos(recalls.get(arrived).atMillis()) <= now) {
                Recall r = recalls.get(arrived);
                scheduler.submit(new RecallJob(arrived, r.cartridge(), r.position(), r.size(), instant(millisToNanos(r.atMillis())), r.requester()));
                arrived++;
            }
            boolean idle = false;
            for (int d = 0; d < drives.length; d++) {
                if (drives[d].freeAt > now) continue;
                Optional<RecallBatch> batch = scheduler.next(Optional.ofNullable(drives[d].cartridge), drives[d].head, heldByOthers(drives, d), instant(now));
                if (batch.isPresent()) run(drives[d], batch.get(), now, robot, stats);
                else idle = true;
            }
            long next = Long.MAX_VALUE;
            if (arrived < recalls.size()) next = millisToNanos(recalls.get(arrived).atMillis());
            for (Drive d : drives) if (d.freeAt > now) next = Math.min(next, d.freeAt);
            if (idle && scheduler.waiting() > 0) {
                Optional<Instant> retry = scheduler.retryAt();
                // a time not after now would spin; should a policy name one, the stall check below reports it
                if (retry.isPresent() && nanos(retry.get()) > now) next = Math.min(next, nanos(retry.get()));
            }
            if (next == Long.MAX_VALUE) break;
            now = next;
        }
        if (scheduler.waiting() > 0) throw new IllegalStateException(scheduler.waiting() + " files were never recalled (the policy stalled)");
        return stats.result(trace, drive);
    }

    private void run(Drive d, RecallBatch batch, long now, Robot robot, Stats stats) {
        long t = now;
        if (!batch.cartridge().equals(d.cartridge)) {
            if (d.cartridge != null) t = robot.carry(t + drive.unload().toNanos()); // unload, then back to its slot
            t = robot.carry(t) + drive.load().toNanos();                        // to the drive, then load
            stats.mounts++;
            d.cartridge = batch.cartridge();
            d.head = 0;
        }
        for (RecallJob j : batch.jobs()) {
            long locate = drive.locate(d.head, j.position()).toNanos();
            long read = drive.read(j.size()).toNanos();
            stats.locateNanos += locate;
            stats.readNanos += read;
            t += locate + read;
            d.head = j.position() + j.size();
            stats.onDisk(j, t);
        }
        d.freeAt = t;
    }

    private static Set<String> heldByOthers(Drive[] drives, int self) {
        Set<String> held = new HashSet<>();
        for (int d = 0; d < drives.length; d++) if (d != self && drives[d].cartridge != null) held.add(drives[d].cartridge);
        return held;
    }

    private static long millisToNanos(long millis) { return millis * 1_000_000; }

    private static Instant instant(long nanos) { return Instant.EPOCH.plusNanos(nanos); }

    private static long nanos(Instant instant) { return Duration.between(Instant.EPOCH, instant).toNanos(); }

    /** The library's one robot: each carry of a cartridge (slot to drive or back) waits until it is free. */
    private static final class Robot {
        final long move;
        long freeAt;

        Robot(long move) { this.move = move; }

        /** Carries a cartridge that is ready to go at {@code from}; returns when it arrives. */
        long carry(long from) {
            freeAt = Math.max(from, freeAt) + move;
            return freeAt;
        }
    }

    private static final class Drive {
        String cartridge;
        long head;
        long freeAt;
    }

    private static final class Stats {
        final boolean[] done;
        int mounts;
        long locateNanos;
        long readNanos;
        long lastOnDisk;
        long longestWait;
        List<Long> waits = new ArrayList<>();
        final Map<String, Long> firstAsked = new HashMap<>();
        final Map<String, Long> lastDone = new HashMap<>();

        Stats(int files) { done = new boolean[files]; }

        void onDisk(RecallJob job, long at) {
            int id = (int) job.id();
            long waited = at - nanos(job.submitted());
            if (done[id]) throw new IllegalStateException("file " + id + " was recalled twice");
            done[id] = true;
            firstAsked.merge(job.requester(), nanos(job.submitted()), Math::min);
            lastDone.merge(job.requester(), at, Math::max);
            lastOnDisk = Math.max(lastOnDisk, at);
            longestWait = Math.max(longestWait, waited);
            waits.add(waited);
        }

        SimResult result(Trace trace, DriveSpec drive) {
            for (int i = 0; i < done.length; i++) if (!done[i]) throw new IllegalStateException("file " + i + " was never recalled");
            double useful = lastOnDisk == 0 ? 0 : readNanos / ((double) lastOnDisk * trace.drives());
            long meanWait = waits.isEmpty() ? 0 : (long) waits.stream().mapToLong(Long::longValue).average().orElse(0);
            return new SimResult(mounts, Duration.ofNanos(locateNanos), useful, Duration.ofNanos(lastOnDisk),
                    Duration.ofNanos(meanWait), Duration.ofNanos(longestWait), requests());
        }

        private Map<String, Duration> requests() {
            Map<String, Duration> requests = new HashMap<>();
            lastDone.forEach((r, done) -> requests.put(r, Duration.ofNanos(done - firstAsked.get(r))));
            return requests;
        }
    }
}
