package org.tributary.backend.tape.library;

import org.tributary.backend.AreaPath;
import org.tributary.backend.ReadHandle;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.StorageException;
import org.tributary.backend.checksum.ChecksumAlgorithm;
import org.tributary.backend.checksum.ChecksummingBackend;
import org.tributary.backend.placement.Placement;
import org.tributary.backend.staging.LibraryStatus;
import org.tributary.backend.staging.StageProgress;
import org.tributary.backend.tape.catalogue.Catalogue;
import org.tributary.backend.tape.catalogue.FileRecord;
import org.tributary.backend.tape.model.DriveSpec;
import org.tributary.backend.tape.schedule.RecallBatch;
import org.tributary.backend.tape.schedule.RecallJob;
import org.tributary.backend.tape.schedule.RecallScheduler;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The simulated library: N drives, each a platform thread, sharing one robot that carries one cartridge at a time. A free
 * drive asks the {@link RecallScheduler} for a batch of recalls (always first: someone waits for them) and otherwise the
 * {@link MigrationPolicy} for files to write. Every step - robot move, load, locate, read, write, unload - lets its
 * {@link DriveSpec} time pass through {@link TapeTime}; the bytes really move between the buffer and the cartridge
 * files. A cartridge is in at most one drive; a drive keeps its cartridge mounted until it needs another one.
 *
 * <p>The recall queue lives in the catalogue (one row per requester and file); the scheduler holds one job per file
 * that someone waits for, rebuilt from the catalogue at start, so a restart resumes every recall.
 */
public final class Library implements Closeable {

    private static final System.Logger LOG = System.getLogger(Library.class.getName());
    /** Finished recall rows and expired pins are kept this long (Tape REST requests expire after about a day). */
    static final Duration KEEP_FINISHED = Duration.ofDays(7);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final Catalogue catalogue;
    private final CartridgeShelf shelf;
    private final BufferSpace space;
    private final StorageBackend buffer;
    private final Path bufferRoot;
    private final DriveSpec spec;
    private final TapeTime time;
    private final Clock clock;
    private final RecallScheduler scheduler;
    private final MigrationPolicy migration;
    private final DriveFaults faults;
    private final PathStripes stripes;
    private final BufferFiles files;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final ReentrantLock robot = new ReentrantLock(true);
    private final Map<String, Long> queued = new HashMap<>();
    private final Map<Long, String> jobPaths = new HashMap<>();
    private final Set<String> reading = new HashSet<>();
    private final Set<String> migrating = new HashSet<>();
    /** Files whose migration failed verification: left on disk until a restart or a new version (logged). */
    private final Set<String> refused = new HashSet<>();
    private final Drive[] drives;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private long nextJob;
    private Instant nextPrune = Instant.MIN;

    /** One drive: what it holds, where its head is, whether it is still in service. Guarded by the library lock. */
    private static final class Drive {
        final int index;
        Optional<String> mounted = Optional.empty();
        long head;
        boolean failed;
        /** Given work by take() and not done with it yet (robot moves included). */
        boolean busy;

        Drive(int index) { this.index = index; }
    }

    /** What take() hands a drive: a recall batch or a migration batch, and whether the cartridge must be mounted. */
    private record Work(RecallBatch recall, MigrationPolicy.Batch migration, Optional<String> dismount, boolean mount) { }

    public Library(Catalogue catalogue, CartridgeShelf shelf, BufferSpace space, StorageBackend buffer, Path bufferRoot,
                   DriveSpec spec, int drives, TapeTime time, Clock clock, RecallScheduler scheduler,
                   MigrationPolicy migration, DriveFaults faults, PathStripes stripes, BufferFiles files) {
        this.catalogue = catalogue;
        this.files = files;
        this.stripes = stripes;
        this.shelf = shelf;
        this.space = space;
        this.buffer = buffer;
        this.bufferRoot = bufferRoot;
        this.spec = spec;
        this.time = time;
        this.clock = clock;
        this.scheduler = scheduler;
        this.migration = migration;
        this.faults = faults;
        this.drives = new Drive[drives];
        for (int i = 0; i < drives; i++) this.drives[i] = new Drive(i);
    }

    /** Queues again what the catalogue says was waiting, then starts the drives. */
    public void start() throws IOException {
        List<String> unfinished = catalogue.unfinishedRecalls();
        for (String path : unfinished) recall(path, "restart");
        if (!unfinished.isEmpty()) LOG.log(Level.INFO, "tape library: {0} recalls resumed after a restart", unfinished.size());
        running = true;
        for (Drive d : drives) {
            Thread t = Thread.ofPlatform().name("tape-drive-" + d.index).daemon().start(() -> run(d));
            threads.add(t);
        }
    }

    /** Queues a recall of {@code path} unless one is queued or under way (one job per file, whoever asked). */
    public void recall(String path, String requester) throws IOException {
        lock.lock();
        try {
            if (queued.containsKey(path) || reading.contains(path)) return;
            Optional<FileRecord> r = catalogue.file(path);
            if (r.isEmpty() || r.get().cartridge().isEmpty()) return;
            long id = ++nextJob;
            scheduler.submit(new RecallJob(id, r.get().cartridge().get(), r.get().position(), r.get().size(),
                    clock.instant(), requester));
            queued.put(path, id);
            jobPaths.put(id, path);
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Drops the queued recall of a file nobody waits for any more; false when a drive has it already. */
    public boolean withdraw(String path) {
        lock.lock();
        try {
            Long id = queued.get(path);
            if (id == null || !scheduler.withdraw(id)) return false;
            queued.remove(path);
            jobPaths.remove(id);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** New files were written: a free drive looks at the migration policy now rather than at its next tick. */
    public void wake() {
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** What the drives and queues hold now (the dashboard's view); one short hold of the library lock. */
    public LibraryStatus.Snapshot status() {
        lock.lock();
        try {
            int inService = 0;
            int busy = 0;
            for (Drive d : drives) {
                if (!d.failed) inService++;
                if (d.busy) busy++;
            }
            return new LibraryStatus.Snapshot(drives.length, inService, busy, queued.size(), reading.size(),
                    migrating.size());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        for (Thread t : threads) t.interrupt();
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ---- the drive threads

    private void run(Drive d) {
        try {
            serve(d);
        } finally {
            LOG.log(running ? Level.WARNING : Level.DEBUG, "tape drive {0} stops{1}", d.index,
                    d.failed ? " (failed)" : running ? " (interrupted)" : "");
        }
    }

    private void serve(Drive d) {
        while (running) {
            Work w;
            try {
                w = take(d);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "tape drive " + d.index + ": " + e.getMessage(), e);
                if (!pause()) return;
                continue;
            }
            if (w == null) continue;
            try {
                if (w.dismount().isPresent()) {
                    time.pass(spec.unload());
                    robot(); // back to its slot
                }
                if (w.mount()) {
                    robot(); // from its slot to this drive
                    time.pass(spec.load());
                }
                if (w.recall() != null) {
                    if (!recallBatch(d, w.recall())) return; // the drive failed: out of service
                } else {
                    migrate(d, w.migration());
                }
            } catch (InterruptedException e) {
                return; // closing: what was not read stays queued in the catalogue for the next start
            } catch (RuntimeException e) {
                // a bug must not silently take a drive (and the cartridge it holds) out of the library
                LOG.log(Level.ERROR, "tape drive " + d.index + ": " + e, e);
            } finally {
                lock.lock();
                try {
                    if (w.migration() != null) w.migration().files().forEach(f -> migrating.remove(f.path()));
                    d.busy = false;
                    work.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** After an error: a short pause so a broken catalogue is not asked in a busy loop; false when closing. */
    private static boolean pause() {
        try {
            Thread.sleep(200);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /**
     * One move of the library's one robot: drives unload and load in parallel, but a cartridge travels only when the
     * robot is free (a mid-size library has one; two drives asking at once wait for each other).
     */
    private void robot() throws InterruptedException {
        robot.lockInterruptibly();
        try {
            time.pass(spec.robotMove());
        } finally {
            robot.unlock();
        }
    }

    /** The next work for a free drive, or null after a short wait (the migration policy's tick). */
    private Work take(Drive d) throws IOException, InterruptedException {
        lock.lock();
        try {
            if (d.failed || !running) throw new InterruptedException();
            Set<String> busy = new HashSet<>();
            for (Drive o : drives) if (o != d && !o.failed) o.mounted.ifPresent(busy::add);
            Instant now = clock.instant();
            Optional<RecallBatch> b = scheduler.next(d.mounted, d.head, busy, now);
            if (b.isPresent()) {
                for (RecallJob j : b.get().jobs()) {
                    String path = jobPaths.get(j.id());
                    queued.remove(path);
                    reading.add(path);
                }
                return assign(d, b.get().cartridge(), b.get(), null);
            }
            if (!now.isBefore(nextPrune)) {
                nextPrune = now.plus(PRUNE_EVERY);
                int n = catalogue.prune(now.minus(KEEP_FINISHED));
                if (n > 0) LOG.log(Level.DEBUG, "tape catalogue: {0} expired pins and finished recalls forgotten", n);
            }
            Set<String> excluded = new HashSet<>(migrating);
            excluded.addAll(refused);
            Optional<MigrationPolicy.Batch> m = migration.next(now, excluded, busy);
            if (m.isPresent() && !m.get().files().isEmpty()) {
                m.get().files().forEach(f -> migrating.add(f.path()));
                return assign(d, m.get().cartridge(), null, m.get());
            }
            // the migration tick, or sooner when the scheduler holds back work that becomes due before it
            long waitNanos = TimeUnit.MILLISECONDS.toNanos(200);
            Optional<Instant> due = scheduler.retryAt();
            if (due.isPresent()) {
                waitNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
                        Math.min(waitNanos, Duration.between(now, due.get()).toNanos()));
            }
            work.awaitNanos(waitNanos);
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Claims the cartridge for this drive at once, so no other drive takes it while the robot brings it. */
    private Work assign(Drive d, String cartridge, RecallBatch recall, MigrationPolicy.Batch write) {
        d.busy = true;
        if (d.mounted.isPresent() && d.mounted.get().equals(cartridge)) {
            return new Work(recall, write, Optional.empty(), false);
        }
        Optional<String> old = d.mounted;
        d.mounted = Optional.of(cartridge);
        d.head = 0;
        return new Work(recall, write, old, true);
    }

    /** Reads a batch in order; false when the drive failed (its remaining jobs went back to the scheduler). */
    private boolean recallBatch(Drive d, RecallBatch batch) throws InterruptedException {
        List<RecallJob> jobs = batch.jobs();
        for (int i = 0; i < jobs.size(); i++) {
            RecallJob job = jobs.get(i);
            String path = path(job);
            try {
                readOne(d, job, path);
            } catch (DriveFailed e) {
                LOG.log(Level.WARNING, "tape drive {0} failed while reading {1}; its recalls go to another drive",
                        d.index, path);
                lock.lock();
                try {
                    d.failed = true;
                    d.mounted = Optional.empty(); // the robot takes the cartridge out of the broken drive
                } finally {
                    lock.unlock();
                }
                requeue(jobs.subList(i, jobs.size()));
                return false;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "tape recall of " + path + " failed: " + e.getMessage(), e);
                failQuietly(path, "the recall failed: " + e.getMessage());
            } catch (InterruptedException e) {
                requeue(jobs.subList(i, jobs.size()));
                throw e;
            }
            lock.lock();
            try {
                reading.remove(path);
                jobPaths.remove(job.id());
            } finally {
                lock.unlock();
            }
        }
        return true;
    }

    private void failQuietly(String path, String reason) {
        try {
            fail(path, reason);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "tape catalogue: " + e.getMessage(), e);
        }
    }

    private String path(RecallJob job) {
        lock.lock();
        try {
            return jobPaths.get(job.id());
        } finally {
            lock.unlock();
        }
    }

    private void readOne(Drive d, RecallJob job, String path) throws IOException, InterruptedException {
        Optional<FileRecord> found = catalogue.file(path);
        if (found.isEmpty()) {
            fail(path, "the file was deleted before it was recalled");
            return;
        }
        FileRecord r = found.get();
        Instant started = clock.instant();
        if (r.onDisk()) {
            catalogue.progressAll(path, StageProgress.onDisk(started, started));
            return;
        }
        if (r.lost() || r.cartridge().isEmpty() || !r.cartridge().get().equals(job.cartridge())) {
            fail(path, lostReason(r));
            return;
        }
        catalogue.progressAll(path, StageProgress.recalling(started));
        time.pass(spec.locate(d.head, r.position()));
        d.head = r.position();
        if (faults.failsDuring(d.index, job)) throw new DriveFailed();
        space.reserve(r.size());
        try {
            // the drive's time for the read passes first, so the stripe below is held only for the copy itself
            time.pass(spec.read(r.size()));
            d.head = r.position() + r.size();
        } catch (InterruptedException e) {
            space.unreserve(r.size());
            throw e;
        }
        boolean reserved = true;
        boolean evictAfter = false;
        try (PathStripes.Held held = stripes.lock(path)) {
            Optional<FileRecord> now = catalogue.file(path);
            if (now.isEmpty() || !now.get().stamp().equals(r.stamp()) || now.get().onDisk()) {
                // deleted, or a new version was written meanwhile: nothing to bring back
                if (now.isPresent()) catalogue.progressAll(path, StageProgress.onDisk(started, clock.instant()));
                else fail(path, "the file was deleted while it was recalled");
                return;
            }
            Path host = BufferSpace.host(bufferRoot, path);
            // the bytes go to a new file renamed over the stub, never into it: the stub may be shared with another name
            // (a shared copy of a file on tape), which must stay a stub (BufferFiles)
            Path temp;
            try {
                temp = files.temporaryBeside(host);
            } catch (NoSuchFileException e) {
                fail(path, "the file was deleted while it was recalled");
                return;
            }
            try {
                String sum;
                try (FileChannel target = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    sum = shelf.read(job.cartridge(), r.position(), r.size(), target);
                    target.force(true);
                } catch (CartridgeShelf.Unreadable e) {
                    LOG.log(Level.WARNING, "tape: " + e.getMessage() + "; its files are LOST");
                    catalogue.markUnreadable(job.cartridge());
                    fail(path, lostReason(r));
                    return;
                }
                if (!sum.equals(r.adler32())) {
                    LOG.log(Level.WARNING, "tape: {0} read from {1} has adler32 {2}, {3} was written; the file is LOST",
                            path, job.cartridge(), sum, r.adler32());
                    catalogue.markLost(path);
                    fail(path, "the tape copy does not match its checksum (adler32 " + sum + ", written " + r.adler32()
                            + "): the file is lost");
                    return;
                }
                try {
                    files.install(temp, host, r.modified());
                } catch (NoSuchFileException e) {
                    fail(path, "the file was deleted while it was recalled");
                    return;
                }
            } finally {
                Files.deleteIfExists(temp); // gone already when installed
            }
            // the reservation goes before the catalogue counts the file (never counted twice: see BufferedUpload)
            space.unreserve(r.size());
            reserved = false;
            catalogue.inTransaction(() -> {
                catalogue.recalled(path, r.stamp(), clock.instant());
                catalogue.progressAll(path, StageProgress.onDisk(started, clock.instant()));
            });
            evictAfter = now.get().placement().orElse(null) == Placement.TAPE;
        } finally {
            if (reserved) space.unreserve(r.size());
        }
        // a file placed on TAPE that nobody pinned (its placement was changed while the recall was under way) goes again
        if (evictAfter) space.evictIfUnpinned(path);
    }

    static String lostReason(FileRecord r) {
        return "the file is lost: its tape copy" + r.cartridge().map(c -> " on cartridge " + c).orElse("")
                + " cannot be read";
    }

    private void fail(String path, String reason) throws IOException {
        Instant now = clock.instant();
        catalogue.progressAll(path, StageProgress.failed(now, now, reason));
    }

    private void requeue(List<RecallJob> jobs) {
        lock.lock();
        try {
            for (RecallJob j : jobs) {
                String path = jobPaths.get(j.id());
                if (path == null) continue;
                reading.remove(path);
                scheduler.submit(j);
                queued.put(path, j.id());
            }
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Appends a batch to its cartridge, verifying each file's checksum on the way. */
    private void migrate(Drive d, MigrationPolicy.Batch batch) throws InterruptedException {
        String cart = batch.cartridge();
        try {
            long end = catalogue.used(cart);
            time.pass(spec.locate(d.head, end));
            d.head = end;
            for (FileRecord f : batch.files()) {
                if (!running) return;
                try {
                    long written = writeOne(cart, end, f);
                    end += written;
                    d.head = end;
                } catch (StorageException e) {
                    if (e.kind() != StorageException.Kind.NOT_FOUND) refuse(f, e.getMessage());
                } catch (IOException e) {
                    refuse(f, e.getMessage());
                }
            }
            space.evictPlacedOnTape();
            space.evictAboveHighWater();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "tape migration to " + cart + " failed: " + e.getMessage(), e);
        }
    }

    /** Writes one file at {@code at}; returns the bytes the cartridge grew by (0 when the file was not migrated). */
    private long writeOne(String cart, long at, FileRecord f) throws IOException, InterruptedException {
        AreaPath p = AreaPath.parse(f.path());
        // another name of its share group went earlier in this batch and gave it its tape copy (Catalogue.migrated)
        if (catalogue.file(f.path()).map(FileRecord::onTape).orElse(true)) return 0;
        String sum;
        try (ReadHandle h = buffer.openRead(p); InputStream in = h.stream(0, f.size())) {
            String stamp = h.info().changeStamp();
            if (!stamp.equals(f.stamp())) {
                // a new version through the gateway is in the catalogue and goes next round; one written behind the
                // gateway's back is not what was committed, so it stays on disk (and is not read again every tick)
                boolean throughGateway = catalogue.file(f.path()).map(x -> x.stamp().equals(stamp)).orElse(true);
                if (!throughGateway) refuse(f, "it was changed behind the gateway's back");
                return 0;
            }
            sum = shelf.write(cart, at, in, f.size());
        }
        Map<String, String> stored = buffer.attributes(p,
                Set.of(ChecksumAlgorithm.ADLER32.attributeKey(), ChecksummingBackend.STAMP_KEY));
        String expected = stored.get(ChecksumAlgorithm.ADLER32.attributeKey());
        if (expected != null && f.stamp().equals(stored.get(ChecksummingBackend.STAMP_KEY))
                && !ChecksumAlgorithm.ADLER32.matches(sum, expected)) {
            refuse(f, "its bytes in the buffer have adler32 " + sum + ", the checksum stored at upload is " + expected);
            return 0;
        }
        time.pass(spec.write(f.size()));
        boolean[] recorded = new boolean[1];
        catalogue.inTransaction(() -> {
            recorded[0] = catalogue.migrated(f.path(), f.stamp(), cart, at, sum);
            if (recorded[0]) catalogue.setUsed(cart, at + f.size());
        });
        return recorded[0] ? f.size() : 0;
    }

    private void refuse(FileRecord f, String why) {
        LOG.log(Level.WARNING, "tape: {0} is not migrated and stays on disk only: {1}", f.path(), why);
        lock.lock();
        try {
            refused.add(f.path());
        } finally {
            lock.unlock();
        }
    }

    /** A new version of a file may be migrated even if an earlier one was refused. */
    public void rewritten(String path) {
        lock.lock();
        try {
            refused.remove(path);
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The injected drive fault of {@link DriveFaults}. */
    private static final class DriveFailed extends IOException {
        DriveFailed() { super("drive failed"); }
    }
}
