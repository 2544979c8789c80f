package org.tributary.backend.tape.library;

import org.tributary.backend.placement.Placement;
import org.tributary.backend.tape.catalogue.Catalogue;
import org.tributary.backend.tape.catalogue.FileRecord;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The disk buffer's capacity and its eviction. Bytes in use are those of the files whose bytes are in the buffer (the
 * catalogue's sum) plus what uploads and recalls in flight have reserved. Eviction takes the disk copy of migrated,
 * unpinned files, least recently used first: above the high-water mark down to the low-water mark, or as much as a
 * write needs. An evicted file keeps an empty stub in the buffer, so its name, its attributes (checksums, dead
 * properties, ArchiveMetadata) and its place in listings stay where the posix layer keeps them, as an HSM does; the
 * catalogue holds its size and times.
 *
 * <p>Placements (issue 13): a file placed on DISK or DISK_AND_TAPE is never evicted (it counts against the buffer like
 * any file on disk, so a buffer full of them refuses new writes); a file placed on TAPE leaves the disk as soon as it is
 * on tape and no pin holds it ({@link #evictPlacedOnTape}).
 */
public final class BufferSpace {

    private static final System.Logger LOG = System.getLogger(BufferSpace.class.getName());
    private static final int EVICTION_PAGE = 100;

    private final Catalogue catalogue;
    private final Path root;
    private final long capacity;
    /** The marks in bytes (high, low): the configured fractions of {@code capacity}. */
    private final long high, low;
    private final Clock clock;
    private final PathStripes stripes;
    private final BufferFiles files;

    /** Serialises eviction and guards the reservations; {@code freed} wakes recalls waiting for room. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    /** Bytes held by uploads and recalls in flight; guarded by {@code lock}. */
    private long reserved;

    public BufferSpace(Catalogue catalogue, Path root, long capacity, double highWater, double lowWater, Clock clock,
                       PathStripes stripes, BufferFiles files) {
        this.files = files;
        this.catalogue = catalogue;
        this.stripes = stripes;
        this.root = root;
        this.capacity = capacity;
        this.high = (long) (capacity * highWater);
        this.low = (long) (capacity * lowWater);
        this.clock = clock;
    }

    public long capacity() { return capacity; }

    /** Bytes in use: files on disk plus reservations in flight. */
    public long used() throws IOException {
        lock.lock();
        try {
            return catalogue.bytesOnDisk() + reserved;
        } finally {
            lock.unlock();
        }
    }

    /** Reserves {@code bytes} if there is room, evicting for it if needed; false when nothing more can go. */
    public boolean tryReserve(long bytes) throws IOException {
        lock.lock();
        try {
            if (!room(bytes)) return false;
            reserved += bytes;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Reserves {@code bytes}, waiting until releases, deletions or pins running out make room (a recall waits). */
    public void reserve(long bytes) throws IOException, InterruptedException {
        lock.lock();
        try {
            while (!room(bytes)) {
                // pins expire without anyone signalling: look again now and then
                freed.await(200, TimeUnit.MILLISECONDS);
            }
            reserved += bytes;
        } finally {
            lock.unlock();
        }
    }

    /** Gives back a reservation (the bytes are now counted as a file on disk, or were never written). */
    public void unreserve(long bytes) {
        lock.lock();
        try {
            reserved -= bytes;
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Something was deleted, released or evicted: waiting recalls look again. */
    public void changed() {
        lock.lock();
        try {
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Above the high-water mark, evicts down to the low-water mark. Returns how many files it evicted. */
    public int evictAboveHighWater() throws IOException {
        lock.lock();
        try {
            long used = catalogue.bytesOnDisk() + reserved;
            return used > high ? evictDownTo(low) : 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Evicts one file's disk copy, if it is migrated, unpinned and not placed on disk (release with evict-on-release, a
     * file placed on TAPE).
     */
    public boolean evictIfUnpinned(String path) throws IOException {
        lock.lock();
        try {
            var r = catalogue.file(path);
            if (r.isEmpty() || !r.get().onDisk() || !r.get().onTape() || r.get().lost()
                    || r.get().placement().filter(p -> p != Placement.TAPE).isPresent()
                    || catalogue.pinned(path, clock.instant())) {
                return false;
            }
            return evict(r.get());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Evicts every file placed on TAPE that is on tape and that no pin holds (after a migration, a release, a placement,
     * and at start for what a stop left behind). Returns how many files it evicted.
     */
    public int evictPlacedOnTape() throws IOException {
        lock.lock();
        try {
            int n = 0;
            while (true) {
                List<FileRecord> page = catalogue.placedOnTapeButOnDisk(clock.instant(), EVICTION_PAGE);
                int before = n;
                for (FileRecord r : page) if (evict(r)) n++;
                if (page.size() < EVICTION_PAGE || n == before) break;
            }
            if (n > 0) freed.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    private boolean room(long bytes) throws IOException {
        long used = catalogue.bytesOnDisk() + reserved;
        if (used + bytes <= capacity) return true;
        evictDownTo(Math.min(low, capacity - bytes));
        return catalogue.bytesOnDisk() + reserved + bytes <= capacity;
    }

    /** Evicts until the use is at most {@code target}: one sum of the catalogue, then each eviction subtracted. */
    private int evictDownTo(long target) throws IOException {
        int n = 0;
        long used = catalogue.bytesOnDisk() + reserved;
        while (used > target) {
            List<FileRecord> page = catalogue.evictionCandidates(clock.instant(), EVICTION_PAGE);
            if (page.isEmpty()) break;
            int before = n;
            for (FileRecord r : page) {
                if (evict(r)) {
                    n++;
                    used -= r.size();
                }
                if (used <= target) break;
            }
            if (n == before) break; // every candidate changed under us: look again at the next call
        }
        if (n > 0) freed.signalAll();
        return n;
    }

    /**
     * The catalogue first (readers are refused OFFLINE from then on), then the bytes: the name is replaced by an empty
     * stub with its attributes and modification time, so the name and attributes stay and the recall restores the same
     * change stamp. Replaced, never truncated: another name may share the bytes (SharedCopy) and keeps them.
     */
    private boolean evict(FileRecord r) throws IOException {
        Path host = host(root, r.path());
        // never wait for the stripe while holding the space lock: a commit or a recall of a path of that stripe holds
        // it and takes the space lock to settle its reservation. A busy stripe skips the file; the next call sees it.
        PathStripes.Held busy = stripes.tryLock(r.path());
        if (busy == null) return false;
        try (PathStripes.Held held = busy) {
            if (!catalogue.evicted(r.path(), r.stamp())) return false;
            try {
                files.replaceWithStub(host, r.modified());
            } catch (NoSuchFileException e) {
                return true; // deleted behind our back: nothing to free
            }
        }
        LOG.log(Level.DEBUG, "evicted {0} ({1} bytes)", r.path(), r.size());
        return true;
    }

    /** The buffer file of an area path ("/a/b"): the path's segments are checked names, never "..". */
    public static Path host(Path root, String areaPath) {
        return areaPath.equals("/") ? root : root.resolve(areaPath.substring(1));
    }

}
