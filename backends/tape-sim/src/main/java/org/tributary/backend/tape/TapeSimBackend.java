package org.tributary.backend.tape;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.EntryType;
import org.tributary.backend.ForwardingBackend;
import org.tributary.backend.ForwardingPendingWrite;
import org.tributary.backend.Listing;
import org.tributary.backend.Locality;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.ReadHandle;
import org.tributary.backend.Seen;
import org.tributary.backend.SpaceUsage;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.posix.PosixBackend;
import org.tributary.backend.placement.PlacementControl;
import org.tributary.backend.placement.SharedCopy;
import org.tributary.backend.posix.PosixOptions;
import org.tributary.backend.staging.ArchiveMetadata;
import org.tributary.backend.staging.StageProgress;
import org.tributary.backend.staging.LibraryStatus;
import org.tributary.backend.staging.Staging;
import org.tributary.backend.tape.catalogue.Catalogue;
import org.tributary.backend.tape.catalogue.FileRecord;
import org.tributary.backend.tape.library.BufferFiles;
import org.tributary.backend.tape.library.BufferSpace;
import org.tributary.backend.tape.library.CartridgeShelf;
import org.tributary.backend.tape.library.DriveFaults;
import org.tributary.backend.tape.library.Library;
import org.tributary.backend.tape.library.LibraryLock;
import org.tributary.backend.tape.library.MigrationPolicy;
import org.tributary.backend.tape.library.PathStripes;
import org.tributary.backend.tape.library.TapeTime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated tape area (issue 12): a disk buffer - a {@link PosixBackend} on the {@code buffer} directory, which holds
 * the namespace, the attributes and the bytes of every file that is on disk - in front of a {@link Library} whose
 * cartridges hold the tape copies. The {@link Catalogue} (SQLite, in the library directory) says which file is where.
 *
 * <p>What this layer adds to the buffer's answers: the locality of a file (DISK, DISK_AND_TAPE, TAPE, LOST), its size
 * and times while only an empty stub of it is in the buffer, OFFLINE for a read of such a file, 507 for a write the
 * buffer has no room for even after eviction, and the catalogue kept in step with writes, moves and deletes. Files
 * written behind its back (straight into the buffer directory) are served as disk files and never migrated.
 *
 * <p>{@link Staging}: a stage pins the file for its requester and queues a recall when the file is not on disk; the
 * recall queue and the pins are in the catalogue, so both survive a restart.
 *
 * <p>{@link PlacementControl} and {@link SharedCopy} (issue 13, docs/tape.md "Placement and QoS"): each file may carry a
 * target placement in the catalogue, which migration and eviction follow ({@link TapePlacement}); a shared copy is a
 * hard link in the buffer plus a catalogue row that reuses the tape copy ({@link TapeSharedCopy}). Both are answered
 * here, never by the buffer's posix layer below, which knows nothing of the catalogue.
 */
public final class TapeSimBackend extends ForwardingBackend implements Staging, LibraryStatus {

    /**
     * The collocation hint in the ArchiveMetadata JSON: a top-level string member {@code "collocation"} (files with the
     * same value share cartridges; docs/tape.md). Read with a pattern: the gateway has checked that the text is JSON,
     * and the hint is advisory, so a value this does not find only means no collocation.
     */
    private static final Pattern COLLOCATION = Pattern.compile("\"collocation\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final System.Logger LOG = System.getLogger(TapeSimBackend.class.getName());
    private static final long RESERVE_AHEAD = 8L << 20;
    /**
     * The requester of the recalls a placement starts (DISK or DISK_AND_TAPE on a file that is on tape only): a row of
     * its own in the recall queue, so the recall survives a restart like any other; never a Tape REST request id
     * (those are UUIDs).
     */
    static final String PLACEMENT_REQUESTER = "tributary.placement";

    private final PosixBackend buffer;
    private final Catalogue catalogue;
    private final BufferSpace space;
    private final Library library;
    private final PathStripes stripes;
    private final Clock clock;
    private final boolean evictOnRelease;
    private final LibraryLock lock;
    private final TapePlacement placement;
    private final TapeSharedCopy sharing;

    private TapeSimBackend(PosixBackend buffer, Catalogue catalogue, BufferSpace space, Library library,
                           PathStripes stripes, Clock clock, boolean evictOnRelease, LibraryLock lock, BufferFiles files) {
        super(buffer);
        AreaParts parts = new AreaParts(this, buffer, catalogue, space, library, stripes, files, clock);
        this.placement = new TapePlacement(parts);
        this.sharing = new TapeSharedCopy(parts);
        this.lock = lock;
        this.stripes = stripes;
        this.buffer = buffer;
        this.catalogue = catalogue;
        this.space = space;
        this.library = library;
        this.clock = clock;
        this.evictOnRelease = evictOnRelease;
    }

    /** Opens the area as the gateway does: time scaled by the options, the system clock, no injected faults. */
    public static TapeSimBackend open(TapeSimOptions o, PosixOptions bufferOptions) throws IOException {
        return open(o, bufferOptions, TapeTime.scaled(o.timeScale()), Clock.systemUTC(), DriveFaults.NONE);
    }

    /** Opens the area with an injected clock, time and fault hook (tests). */
    public static TapeSimBackend open(TapeSimOptions o, PosixOptions bufferOptions, TapeTime time, Clock clock,
                                      DriveFaults faults) throws IOException {
        for (Path dir : new Path[] {o.buffer(), o.library()}) {
            if (!Files.isDirectory(dir)) {
                if (!o.createDirectories() || Files.exists(dir)) {
                    throw new StorageException(Kind.NOT_FOUND, "tape-sim directory does not exist: " + dir);
                }
                Files.createDirectories(dir);
            }
        }
        LibraryLock lock = LibraryLock.take(o.library());
        Catalogue catalogue;
        PosixBackend buffer;
        try {
            buffer = PosixBackend.open(o.buffer(), bufferOptions);
            catalogue = Catalogue.open(o.library().resolve("catalogue.db"));
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        try {
            PathStripes stripes = new PathStripes();
            BufferFiles files = new BufferFiles(buffer.usesXattrs());
            BufferSpace space = new BufferSpace(catalogue, buffer.root(), o.bufferCapacity(), o.highWater(), o.lowWater(),
                    clock, stripes, files);
            MigrationPolicy policy = new MigrationPolicy(catalogue, new MigrationPolicy.Rules(o.migrateAfter(),
                    o.migrateBatchBytes(), o.migrateMaxDelay(), o.drive().capacityBytes()));
            Library library = new Library(catalogue, new CartridgeShelf(o.library().resolve("cartridges")), space, buffer,
                    buffer.root(), o.drive(), o.drives(), time, clock, o.newScheduler(), policy, faults, stripes, files);
            library.start();
            space.evictPlacedOnTape(); // what a stop between a migration and its eviction left on disk
            LOG.log(System.Logger.Level.INFO, "tape area: buffer {0} ({1} bytes), library {2}, {3} {4} drives,"
                    + " time scale {5}, {6} scheduler", o.buffer(), o.bufferCapacity(), o.library(), o.drives(),
                    o.drive().generation(), o.timeScale(), o.scheduler());
            return new TapeSimBackend(buffer, catalogue, space, library, stripes, clock, o.evictOnRelease(), lock, files);
        } catch (IOException | RuntimeException e) {
            catalogue.close();
            lock.close();
            throw e;
        }
    }

    /**
     * Staging, {@link PlacementControl} and {@link SharedCopy} are this area's; every other feature is the buffer's. The
     * buffer's own {@code SharedCopy} (a bare hard link) must never answer here: it would leave the catalogue behind.
     */
    @Override
    public <T> Optional<T> feature(Class<T> type) {
        if (type == PlacementControl.class) return Optional.of(type.cast(placement));
        if (type == SharedCopy.class) return Optional.of(type.cast(sharing));
        return super.feature(type);
    }

    @Override
    public Snapshot libraryStatus() { return library.status(); }

    /** The buffer's own view, without this layer (tests compare with it). */
    public PosixBackend buffer() { return buffer; }

    /** Drives still in service. */
    public int drivesInService() { return library.status().drivesInService(); }

    // ---- what clients see

    @Override
    public Optional<EntryInfo> stat(AreaPath path) throws IOException {
        Optional<EntryInfo> e = buffer.stat(path);
        if (e.isEmpty() || !e.get().isFile()) return e;
        return Optional.of(withTape(e.get()));
    }

    @Override
    public Listing list(AreaPath directory) throws IOException {
        Listing l = buffer.list(directory);
        return new Listing() {
            @Override
            public Iterator<EntryInfo> iterator() {
                Iterator<EntryInfo> it = l.iterator();
                return new Iterator<>() {
                    @Override public boolean hasNext() { return it.hasNext(); }
                    @Override public EntryInfo next() {
                        EntryInfo e = it.next();
                        try {
                            return e.isFile() ? withTape(e) : e;
                        } catch (IOException x) {
                            throw new UncheckedIOException(x);
                        }
                    }
                };
            }

            @Override
            public void close() { l.close(); }
        };
    }

    /** The buffer's entry with what the catalogue knows: locality, and size and stamp while only a stub is on disk. */
    private EntryInfo withTape(EntryInfo e) throws IOException {
        Optional<FileRecord> r = catalogue.file(e.path().toString());
        if (r.isEmpty()) return e;
        FileRecord f = r.get();
        if (f.onDisk()) {
            return new EntryInfo(e.path(), e.type(), e.size(), e.modified(), e.changeStamp(), f.locality(), e.isLink());
        }
        return new EntryInfo(e.path(), EntryType.FILE, f.size(), f.modified(), f.stamp(), f.locality(), e.isLink());
    }

    @Override
    public ReadHandle openRead(AreaPath path) throws IOException {
        Optional<FileRecord> r = catalogue.file(path.toString());
        if (r.isPresent() && !r.get().onDisk()) throw StorageException.offline(path, r.get().locality());
        ReadHandle h = buffer.openRead(path);
        if (r.isPresent()) {
            catalogue.accessed(path.toString(), clock.instant());
            if (r.get().onDisk()) {
                EntryInfo i = h.info();
                EntryInfo shown = new EntryInfo(i.path(), i.type(), i.size(), i.modified(), i.changeStamp(),
                        r.get().locality(), i.isLink());
                return new ReadHandle() {
                    @Override public EntryInfo info() { return shown; }
                    @Override public InputStream stream(long offset, long length) throws IOException {
                        return h.stream(offset, length);
                    }
                    @Override public Optional<FileChannel> fileChannel() { return h.fileChannel(); }
                    @Override public void close() throws IOException { h.close(); }
                };
            }
        }
        return h;
    }

    private static String lostReasonOf(FileRecord r) {
        return "its tape copy" + r.cartridge().map(c -> " on cartridge " + c).orElse("") + " cannot be read (LOST)";
    }

    @Override
    public PendingWrite beginWrite(AreaPath path, WriteOptions options) throws IOException {
        long declared = Math.max(0, options.expectedSize());
        if (!space.tryReserve(declared)) throw full();
        PendingWrite w;
        try {
            w = buffer.beginWrite(path, options);
        } catch (IOException | RuntimeException e) {
            space.unreserve(declared);
            throw e;
        }
        return new BufferedUpload(w, declared);
    }

    private static StorageException full() {
        return new StorageException(Kind.INSUFFICIENT_STORAGE, "the tape area's disk buffer is full and nothing in it"
                + " can be evicted yet (files wait for migration to tape, or are pinned); retry later");
    }

    /** An upload that reserves buffer space as it grows and records the file in the catalogue at commit. */
    private final class BufferedUpload extends ForwardingPendingWrite {
        private long reserved;
        private boolean settled;

        BufferedUpload(PendingWrite delegate, long reserved) {
            super(delegate);
            this.reserved = reserved;
        }

        @Override
        public void write(ByteBuffer src) throws IOException {
            long beyond = delegate.size() + src.remaining() - reserved;
            if (beyond > 0) {
                // a chunked upload reserves ahead (a catalogue sum per 8 MiB, not per chunk), or just what it needs
                long ahead = Math.max(beyond, RESERVE_AHEAD);
                long got = space.tryReserve(ahead) ? ahead : space.tryReserve(beyond) ? beyond : -1;
                if (got < 0) {
                    abort();
                    throw full();
                }
                synchronized (this) {
                    reserved += got;
                }
            }
            delegate.write(src);
        }

        @Override
        public CommitResult commit(Map<String, String> attributes) throws IOException {
            try {
                CommitResult c;
                EntryInfo e;
                try (PathStripes.Held held = stripes.lock(path().toString())) {
                    c = delegate.commit(attributes);
                    e = c.entry();
                    // the reservation goes before the catalogue counts the file: counted twice for a moment, it
                    // would push the buffer over high-water and evict files for nothing
                    settle();
                    catalogue.written(path().toString(), e.size(), e.modified(), e.changeStamp(),
                            collocation(attributes.get(ArchiveMetadata.ATTRIBUTE)), clock.instant());
                }
                library.rewritten(path().toString());
                return new CommitResult(new EntryInfo(e.path(), e.type(), e.size(), e.modified(), e.changeStamp(),
                        Locality.DISK, e.isLink()), c.replaced());
            } finally {
                settle();
                space.evictAboveHighWater();
            }
        }

        @Override
        public void abort() {
            delegate.abort();
            settle();
        }

        private synchronized void settle() {
            if (!settled) {
                settled = true;
                space.unreserve(reserved);
            }
        }
    }

    /** The collocation key of an ArchiveMetadata text, "" when none. */
    static String collocation(String archiveMetadata) {
        if (archiveMetadata == null) return "";
        Matcher m = COLLOCATION.matcher(archiveMetadata);
        return m.find() ? m.group(1) : "";
    }

    @Override
    public void delete(AreaPath path) throws IOException {
        try (PathStripes.Held held = stripes.lock(path.toString())) {
            buffer.delete(path);
            catalogue.forget(path.toString());
        }
        space.changed();
    }

    @Override
    public long deleteTree(AreaPath path) throws IOException {
        long n = buffer.deleteTree(path);
        catalogue.forget(path.toString());
        space.changed();
        return n;
    }

    @Override
    public long deleteTree(AreaPath path, Seen target) throws IOException {
        long n = buffer.deleteTree(path, target);
        catalogue.forget(path.toString());
        space.changed();
        return n;
    }

    /** The catalogue rows follow, with their placements (a target belongs to the path: a move carries it). */
    @Override
    public void move(AreaPath from, AreaPath to, boolean replace) throws IOException {
        try (PathStripes.Held held = stripes.lock(from.toString(), to.toString())) {
            buffer.move(from, to, replace);
            catalogue.moved(from.toString(), to.toString());
        }
    }

    /** The buffer as the area's space: its configured capacity, what is on disk. */
    @Override
    public SpaceUsage space() throws IOException {
        long used = space.used();
        return new SpaceUsage(used, Math.max(0, space.capacity() - used));
    }

    @Override
    public void close() throws IOException {
        library.close();
        try {
            catalogue.close();
        } finally {
            try {
                buffer.close();
            } finally {
                lock.close();
            }
        }
    }

    // ---- Staging

    @Override
    public void stage(String requester, Collection<AreaPath> files, Instant pinUntil) throws IOException {
        Instant now = clock.instant();
        List<String> toRecall = new ArrayList<>();
        catalogue.inTransaction(() -> {
            for (AreaPath p : files) {
                if (stageOne(requester, p, pinUntil, now)) toRecall.add(p.toString());
            }
        });
        // after the commit: a drive must find the rows the transaction wrote
        for (String path : toRecall) library.recall(path, requester);
    }

    /** Records one file of a stage; true when it must be recalled. */
    private boolean stageOne(String requester, AreaPath p, Instant pinUntil, Instant now) throws IOException {
        String path = p.toString();
        Optional<EntryInfo> e = buffer.stat(p);
        if (e.isEmpty() || !e.get().isFile()) {
            catalogue.setProgress(requester, path, StageProgress.failed(now, now, e.isEmpty()
                    ? "no such file" : "not a file: only files can be staged"));
            return false;
        }
        catalogue.pin(requester, path, pinUntil);
        Optional<FileRecord> r = catalogue.file(path);
        Optional<StageProgress> before = catalogue.progress(requester, path);
        if (r.isEmpty() || r.get().onDisk()) {
            if (before.isEmpty() || before.get().state() != StageProgress.State.ON_DISK) {
                catalogue.setProgress(requester, path, StageProgress.onDisk(now, now));
            }
            return false;
        }
        if (r.get().locality() == Locality.LOST) {
            catalogue.setProgress(requester, path, StageProgress.failed(now, now, lostReasonOf(r.get())));
            return false;
        }
        if (before.isEmpty() || before.get().state().terminal()) {
            catalogue.setProgress(requester, path, StageProgress.queued());
        }
        return true;
    }

    @Override
    public StageProgress progress(String requester, AreaPath file) throws IOException {
        Optional<StageProgress> p = catalogue.progress(requester, file.toString());
        if (p.isPresent()) return p.get();
        Instant now = clock.instant();
        return StageProgress.failed(now, now, "not staged by this request");
    }

    @Override
    public void cancel(String requester, Collection<AreaPath> files) throws IOException {
        Instant now = clock.instant();
        List<String> unwanted = new ArrayList<>();
        catalogue.inTransaction(() -> {
            for (AreaPath p : files) {
                String path = p.toString();
                Optional<StageProgress> before = catalogue.progress(requester, path);
                if (before.isPresent() && !before.get().state().terminal()) {
                    catalogue.setProgress(requester, path, StageProgress.cancelled(now));
                }
                catalogue.unpin(requester, path);
                if (!catalogue.awaited(path)) unwanted.add(path);
            }
        });
        for (String path : unwanted) library.withdraw(path);
        space.evictPlacedOnTape(); // a file placed on TAPE leaves the disk once no pin holds it
        space.changed();
    }

    /**
     * Releases pins. With {@code evict-on-release} a migrated file no pin holds any more leaves the disk at once (the
     * dCache and CTA "evict" meaning of gfal-evict); otherwise it stays until space is needed (default: a released file
     * read again soon costs no recall).
     */
    @Override
    public void release(String requester, Collection<AreaPath> files) throws IOException {
        catalogue.inTransaction(() -> {
            for (AreaPath p : files) catalogue.unpin(requester, p.toString());
        });
        if (evictOnRelease) {
            for (AreaPath p : files) space.evictIfUnpinned(p.toString());
        } else {
            space.evictPlacedOnTape(); // a file placed on TAPE leaves the disk once no pin holds it
        }
        space.changed();
    }
}
