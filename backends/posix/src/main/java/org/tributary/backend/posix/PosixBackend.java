package org.tributary.backend.posix;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.ForwardingBackend;
import org.tributary.backend.Listing;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.ReadHandle;
import org.tributary.backend.SpaceUsage;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.placement.SharedCopy;

/**
 * A storage area that is a directory tree on a POSIX file system (or any NIO file system: Jimfs in tests).
 *
 * <p>Uploads go to hidden temporaries and are renamed into place ({@link PosixPendingWrite}); symlinks may be used
 * inside the root but never lead out of it ({@link PathConfinement}); attributes are user xattrs with a side-car
 * fallback ({@link AttributeStore}). Internal files all start with {@link AreaPath#RESERVED_PREFIX} and never appear
 * in listings. Feature: {@link SharedCopy} by hard link ({@link HardLinkCopy}); nothing else (disk only).
 */
public final class PosixBackend implements StorageBackend {

    private static final int LOCK_STRIPES = 256;
    /** Re-opens when a file is replaced between the stat and the open, so info() describes the bytes served. */
    private static final int OPEN_ATTEMPTS = 3;

    private final PathConfinement confinement;
    private final AttributeStore attributes;
    private final PosixOptions options;
    private final PathLocks locks = new PathLocks(LOCK_STRIPES);
    private final boolean defaultFileSystem;
    private final HardLinkCopy hardLinks = new HardLinkCopy(this);

    private PosixBackend(Path realRoot, XattrStore xattrs, PosixOptions options) {
        this.confinement = new PathConfinement(realRoot);
        this.attributes = new AttributeStore(xattrs);
        this.options = options;
        this.defaultFileSystem = realRoot.getFileSystem() == FileSystems.getDefault();
    }

    /**
     * Opens the area at {@code root}, which must be an existing directory, and probes xattr support once. A missing
     * root is not created here: a typo in a configured path would otherwise be served as an empty area (the gateway
     * creates it first only when the configuration asks for it).
     */
    public static PosixBackend open(Path root, PosixOptions options) throws IOException {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(options, "options");
        if (!Files.exists(root)) throw new StorageException(Kind.NOT_FOUND, "storage root does not exist: " + root);
        Path real = root.toRealPath();
        if (!Files.isDirectory(real)) throw new StorageException(Kind.CONFLICT, "storage root is not a directory: " + root);
        XattrStore xattrs = options.useXattrs() ? XattrStore.probe(real) : XattrStore.disabled();
        return new PosixBackend(real, xattrs, options);
    }

    public static PosixBackend open(Path root) throws IOException {
        return open(root, PosixOptions.defaults());
    }

    @Override
    public <T> Optional<T> feature(Class<T> type) {
        if (type == SharedCopy.class) return Optional.of(type.cast(hardLinks));
        return StorageBackend.super.feature(type);
    }

    /** Whether attributes go to xattrs here (false: side-cars only). Decided once at open. */
    public boolean usesXattrs() { return attributes.usesXattrs(); }

    /** The real path of the root directory. */
    public Path root() { return confinement.root(); }

    @Override
    public Optional<EntryInfo> stat(AreaPath path) throws IOException {
        try {
            PathConfinement.Checked c = confinement.inspect(path);
            BasicFileAttributes a = c.seen() ? c.attributes() : readFollowing(c.host());
            if (a == null) return Optional.empty();
            // not seen: a link is on the way; one more lstat says whether the entry itself is one
            boolean link = !c.seen() && isLink(c.host());
            EntryInfo info = EntryInfos.of(path, a, link);
            if (info == null) throw notServed(path);
            return Optional.of(info);
        } catch (IOException e) {
            throw IoErrors.map(e, path);
        }
    }

    @Override
    public ReadHandle openRead(AreaPath path) throws IOException {
        try {
            PathConfinement.Checked c = confinement.inspect(path);
            Path host = c.host();
            for (int attempt = 1; ; attempt++) {
                BasicFileAttributes before = attempt == 1 && c.seen() ? c.attributes() : readFollowing(host);
                if (before == null) throw StorageException.notFound(path);
                if (before.isDirectory()) throw IoErrors.conflict("is a collection: " + path);
                if (!before.isRegularFile()) throw notServed(path);
                FileChannel ch = FileChannel.open(host, StandardOpenOption.READ);
                try {
                    BasicFileAttributes after = readFollowing(host);
                    if ((after != null && after.isRegularFile() && after.size() == ch.size())
                            || attempt == OPEN_ATTEMPTS) {
                        BasicFileAttributes shown = after != null && after.isRegularFile() ? after : before;
                        return new PosixReadHandle(EntryInfos.of(path, shown), ch);
                    }
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    throw e;
                }
                ch.close();
            }
        } catch (IOException e) {
            throw IoErrors.map(e, path);
        }
    }

    @Override
    public PendingWrite beginWrite(AreaPath path, WriteOptions writeOptions) throws IOException {
        if (path.isRoot()) throw IoErrors.conflict("the root collection cannot be written as a file");
        try {
            Path target = confinement.confined(path);
            BasicFileAttributes existing = readFollowing(target);
            if (existing != null && existing.isDirectory()) throw IoErrors.conflict("is a collection: " + path);
            if (!writeOptions.overwrite() && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw IoErrors.alreadyExists(path);
            }
            List<AreaPath> created = ensureParent(path, target, writeOptions.createParents(), writeOptions.durable());
            Path temp = target.resolveSibling(InternalNames.temporary(path.name()));
            FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new PosixPendingWrite(this, path, target, temp, ch, writeOptions,
                    new PendingWrite.Begun(existing != null, created));
        } catch (IOException e) {
            throw IoErrors.map(e, path);
        }
    }

    @Override
    public void createDirectory(AreaPath path) throws IOException {
        if (path.isRoot()) throw IoErrors.alreadyExists(path);
        try {
            Path host = confinement.confined(path);
            ensureParent(path, host, false, false);
            Files.createDirectory(host);
            if (options.syncDirectories()) syncDirectory(host.getParent());
        } catch (FileAlreadyExistsException e) {
            throw IoErrors.alreadyExists(path);
        } catch (IOException e) {
            throw IoErrors.map(e, path);
        }
    }

    @Override
    public void delete(AreaPath path) throws IOException {
        deleteEntry(path, options.syncDirectories());
    }

    /**
     * The walking delete of the SPI (links deleted as themselves), with one fsync at the end, of the top's parent,
     * instead of one per member: ext4's journal commits the earlier unlinks with it, and a member's directory is
     * about to go anyway.
     */
    @Override
    public long deleteTree(AreaPath path) throws IOException {
        // refused before the walk, which would otherwise empty the whole area and only then fail on the root itself
        if (path.isRoot()) throw new StorageException(Kind.FORBIDDEN, "the root collection cannot be deleted");
        EntryInfo top = stat(path).orElseThrow(() -> StorageException.notFound(path));
        long files = StorageBackend.deleteByWalking(new ForwardingBackend(this) {
            @Override
            public void delete(AreaPath p) throws IOException {
                deleteEntry(p, false);
            }
        }, top);
        if (options.syncDirectories()) syncDirectory(confinement.resolve(path).getParent());
        return files;
    }

    private void deleteEntry(AreaPath path, boolean sync) throws IOException {
        if (path.isRoot()) throw new StorageException(Kind.FORBIDDEN, "the root collection cannot be deleted");
        try {
            Path host = confinement.confined(path);
            try (PathLocks.Held held = locks.lock(host)) {
                BasicFileAttributes own = readNoFollow(host);
                if (own == null) throw StorageException.notFound(path);
                if (own.isDirectory()) {
                    deleteDirectory(path, host);
                } else {
                    Files.delete(host);
                }
                // a directory has its side-car inside, but a file of the same name may have left one beside it
                AttributeStore.deleteFileSidecar(host);
                if (sync) syncDirectory(host.getParent());
            }
        } catch (IOException e) {
            throw IoErrors.map(e, path);
        }
    }

    /**
     * Deletes a directory whose only entries are ones no listing shows: internal ones (side-cars, temporaries) and
     * links that dangle or lead out of the area. Those go first; a link goes as itself, never its target.
     */
    private void deleteDirectory(AreaPath path, Path host) throws IOException {
        List<Path> internal = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(host)) {
            for (Path child : children) {
                if (!InternalNames.isInternal(child.getFileName().toString()) && !isHiddenLink(child)) {
                    throw new StorageException(Kind.CONFLICT, "collection is not empty: " + path);
                }
                internal.add(child);
            }
        }
        for (Path child : internal) {
            Files.deleteIfExists(child);
        }
        Files.delete(host);
    }

    /**
     * Moves by rename(2). A file (or link) onto a file (or link) is replaced in one atomic rename. rename(2) cannot put
     * a directory over a file nor anything over a non-empty directory, so when either side is a collection the
     * target is first renamed aside under a hidden name ({@link InternalNames#displaced}), the source renamed into
     * place, and only then is the displaced tree deleted. At every point the old or the new content is reachable:
     * before the second rename, a failure renames the displaced target back and a crash leaves it for the start-up
     * sweep to rename back ({@link #cleanStaleTemporaries}); after it, the sweep deletes the displaced tree. The
     * directories touched are fsynced before this returns when {@link PosixOptions#syncDirectories()}.
     */
    @Override
    public void move(AreaPath from, AreaPath to, boolean replace) throws IOException {
        if (from.isRoot()) throw new StorageException(Kind.FORBIDDEN, "the root collection cannot be moved");
        if (to.isRoot()) throw IoErrors.conflict("cannot replace the root collection");
        if (from.equals(to)) throw IoErrors.conflict("source and destination are the same: " + from);
        if (to.startsWith(from)) throw IoErrors.conflict("cannot move a collection into itself: " + to);
        if (replace && from.startsWith(to)) throw IoErrors.conflict("cannot move a collection onto its ancestor: " + to);
        AreaPath current = from;
        try {
            Path src = confinement.confined(from);
            current = to;
            Path dst = confinement.confined(to);
            try (PathLocks.Held held = locks.lock(src, dst)) {
                current = from;
                BasicFileAttributes srcAttrs = readNoFollow(src);
                if (srcAttrs == null) throw StorageException.notFound(from);
                current = to;
                ensureParent(to, dst, false, false);
                BasicFileAttributes dstAttrs = readNoFollow(dst);
                if (dstAttrs != null && !replace) throw IoErrors.alreadyExists(to);
                if (dstAttrs != null && (dstAttrs.isDirectory() || srcAttrs.isDirectory())) {
                    replaceByDisplacing(to, src, dst);
                } else if (replace) {
                    Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    // rename(2) would replace a target that appeared since the check; the stripe lock keeps
                    // gateway threads out of that window, and a provider that can refuse atomically (Jimfs) does
                    Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE);
                }
                if (srcAttrs.isDirectory()) {
                    AttributeStore.deleteFileSidecar(dst);
                } else {
                    AttributeStore.moveFileSidecar(src, dst);
                }
                syncParents(src, dst);
            }
        } catch (IOException e) {
            throw IoErrors.map(e, current);
        }
    }

    /** The non-atomic replacement of {@link #move}, in the order that never leaves neither content reachable. */
    private void replaceByDisplacing(AreaPath to, Path src, Path dst) throws IOException {
        String aside = InternalNames.displaced(dst.getFileName().toString());
        if (aside == null) throw IoErrors.conflict("name too long to replace a collection safely: " + to);
        Path displaced = dst.resolveSibling(aside);
        Files.move(dst, displaced, StandardCopyOption.ATOMIC_MOVE);
        try {
            moveSteps.reached(MoveStep.DISPLACED);
            Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.move(displaced, dst, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException restore) {
                e.addSuppressed(restore);   // left for the start-up sweep, which renames it back
            }
            throw e;
        }
        syncParents(src, dst);
        moveSteps.reached(MoveStep.REPLACED);
        deleteHostTree(displaced);
    }

    /** The steps of a replacing move a test can stop at (a crash between them is simulated, not caused). */
    enum MoveStep { DISPLACED, REPLACED }

    interface MoveSteps {
        void reached(MoveStep step) throws IOException;
    }

    private volatile MoveSteps moveSteps = step -> { };

    /** For tests only: called at each step of a replacing move. */
    void onMoveStep(MoveSteps steps) { this.moveSteps = steps; }

    /** Deletes a host tree without following any link (a link goes as itself). */
    private static void deleteHostTree(Path top) throws IOException {
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** fsync of the directories whose entries changed, when the area promises durability. */
    private void syncParents(Path a, Path b) throws IOException {
        if (!options.syncDirectories()) return;
        syncDirectory(a.getParent());
        if (!a.getParent().equals(b.getParent())) syncDirectory(b.getParent());
    }

    @Override
    public Listing list(AreaPath directory) throws IOException {
        try {
            Path host = confinement.confined(directory);
            BasicFileAttributes a = readFollowing(host);
            if (a == null) throw StorageException.notFound(directory);
            if (!a.isDirectory()) throw IoErrors.conflict("not a collection: " + directory);
            return new PosixListing(Files.newDirectoryStream(host), directory, confinement);
        } catch (IOException e) {
            throw IoErrors.map(e, directory);
        }
    }

    @Override
    public Map<String, String> attributes(AreaPath path) throws IOException {
        try {
            Path host = confinement.confined(path);
            BasicFileAttributes a = readFollowing(host);
            if (a == null) throw StorageException.notFound(path);
            return attributes.read(host, a.isDirectory());
        } catch (IOException e) {
            throw IoErrors.map(e, path);
        }
    }

    @Override
    public Map<String, String> attributes(AreaPath path, Set<String> keys) throws IOException {
        try {
            Path host = confinement.confined(path);
            BasicFileAttributes a = readFollowing(host);
            if (a == null) throw StorageException.notFound(path);
            return attributes.readSome(host, a.isDirectory(), keys);
        } catch (IOException e) {
            throw IoErrors.map(e, path);
        }
    }

    @Override
    public void updateAttributes(AreaPath path, Map<String, String> set, Set<String> remove) throws IOException {
        if (set.isEmpty() && remove.isEmpty()) {
            if (stat(path).isEmpty()) throw StorageException.notFound(path);
            return;
        }
        try {
            Path host = confinement.confined(path);
            try (PathLocks.Held held = locks.lock(host)) {
                BasicFileAttributes a = readFollowing(host);
                if (a == null) throw StorageException.notFound(path);
                attributes.update(host, a.isDirectory(), set, remove);
            }
        } catch (IOException e) {
            throw IoErrors.map(e, path);
        }
    }

    @Override
    public SpaceUsage space() throws IOException {
        FileStore store = Files.getFileStore(confinement.root());
        long total = store.getTotalSpace();
        return new SpaceUsage(total - store.getUnallocatedSpace(), store.getUsableSpace());
    }

    /** Sizes of the regular files below the directory, links not followed (see {@link PosixUsage}). */
    @Override
    public long measureUsage(AreaPath directory) throws IOException {
        return PosixUsage.measure(directory.isRoot() ? confinement.root() : confinement.confined(directory));
    }

    /**
     * Removes upload temporaries older than {@link PosixOptions#staleTemporaryAge()} and side-cars whose entry is gone
     * (a file deleted or renamed behind the gateway's back, which would otherwise lend its attributes to the next
     * file of that name), and settles the targets a crashed move left aside ({@link #settleDisplaced}). Returns the
     * number of entries removed or put back. Does not follow symlinks.
     */
    @Override
    public int cleanStaleTemporaries() throws IOException {
        boolean all = options.staleTemporaryAge().isZero();
        Instant cutoff = Instant.now().minus(options.staleTemporaryAge());
        int[] removed = {0};
        // judged after the walk: the entry of a side-car may be a displaced move target the walk has yet to put back
        List<Path> orphanCandidates = new ArrayList<>();
        // collections a crashed move left aside and the sweep put back: swept after the walk that skipped them
        List<Path> restored = new ArrayList<>();
        SimpleFileVisitor<Path> sweep = new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                if (!InternalNames.isDisplaced(d.getFileName().toString())) return FileVisitResult.CONTINUE;
                if (all) removed[0] += settleDisplaced(d, restored);
                return FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                String name = file.getFileName().toString();
                if (InternalNames.isDisplaced(name)) {
                    if (all) removed[0] += settleDisplaced(file, restored);
                } else if (InternalNames.isTemporary(name)) {
                    if (all || isOlder(a.lastModifiedTime(), cutoff)) removed[0] += deleted(file);
                } else if (InternalNames.isEntrySidecar(name) && isOrphan(file, name)) {
                    orphanCandidates.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // an unreadable corner of the tree must not stop the sweep of the rest
                return FileVisitResult.CONTINUE;
            }
        };
        Files.walkFileTree(confinement.root(), sweep);
        for (int i = 0; i < restored.size(); i++) Files.walkFileTree(restored.get(i), sweep);
        for (Path sidecar : orphanCandidates) {
            if (isOrphan(sidecar, sidecar.getFileName().toString())) removed[0] += deleted(sidecar);
        }
        return removed[0];
    }

    /**
     * A move target left aside by a crash in the middle of {@link #replaceByDisplacing}: when the replacement did not
     * arrive it is renamed back (the move never happened), otherwise it is what the move replaced and goes. Only at
     * start-up (age zero), when no move can be in flight. A name the sweep cannot read back is left alone.
     */
    private int settleDisplaced(Path p, List<Path> restoredDirectories) throws IOException {
        String owner = InternalNames.displacedOwner(p.getFileName().toString());
        if (owner == null || AreaPath.segmentProblem(owner) != null) return 0;
        Path target = p.resolveSibling(owner);
        if (readNoFollow(target) == null) {
            Files.move(p, target, StandardCopyOption.ATOMIC_MOVE);
            BasicFileAttributes back = readNoFollow(target);
            if (back != null && back.isDirectory()) restoredDirectories.add(target);
        } else {
            deleteHostTree(p);
        }
        if (options.syncDirectories()) syncDirectory(p.getParent());
        return 1;
    }

    private static boolean isOlder(FileTime t, Instant cutoff) {
        return !t.toInstant().isAfter(cutoff);
    }

    private static int deleted(Path p) throws IOException {
        return Files.deleteIfExists(p) ? 1 : 0;
    }

    private static boolean isOrphan(Path sidecar, String name) throws IOException {
        String owner = InternalNames.plainSidecarOwner(name);
        if (owner == null) {
            owner = SidecarStore.owner(sidecar);
            if (owner == null || !InternalNames.sidecar(owner).equals(name)) return true;
        }
        if (owner.isEmpty() || AreaPath.segmentProblem(owner) != null) return true;
        BasicFileAttributes a = readNoFollow(sidecar.resolveSibling(owner));
        return a == null || a.isDirectory();
    }

    // --- shared with PosixPendingWrite

    PathConfinement confinement() { return confinement; }

    AttributeStore attributeStore() { return attributes; }

    PathLocks locks() { return locks; }

    /** fsync of a directory, so that a rename in it survives a crash. Only the default (Linux) provider can. */
    void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            if (defaultFileSystem) throw e;
            // in-memory and other providers have nothing to flush and may not open directories at all
        }
    }

    // --- helpers

    /**
     * Makes sure the parent of {@code path} is a directory: PARENT_MISSING, CONFLICT when a file is in the way, or
     * creates the missing levels when {@code create}.
     */
    List<AreaPath> ensureParent(AreaPath path, Path host, boolean create, boolean durable) throws IOException {
        Path parent = host.getParent();
        BasicFileAttributes pa = readFollowing(parent);
        if (pa != null) {
            if (pa.isDirectory()) return List.of();
            throw IoErrors.conflict("a file is in the way of " + path);
        }
        List<AreaPath> created = new ArrayList<>();
        AreaPath parentPath = path.parent();
        AreaPath levelPath = AreaPath.ROOT;
        Path level = confinement.root();
        for (String segment : parentPath.segments()) {
            Path next = level.resolve(segment);
            levelPath = levelPath.child(segment);
            BasicFileAttributes a = readFollowing(next);
            if (a == null) {
                if (!create) throw IoErrors.parentMissing(path);
                try {
                    Files.createDirectory(next);
                    created.add(levelPath);
                    if (durable) syncDirectory(level);
                } catch (FileAlreadyExistsException raced) {
                    // a concurrent upload created it, or it is something that is not a directory (a dangling link)
                    if (!Files.isDirectory(next)) throw IoErrors.conflict("a file is in the way of " + path);
                }
            } else if (!a.isDirectory()) {
                throw IoErrors.conflict("a file is in the way of " + path);
            }
            level = next;
        }
        return created;
    }

    private static StorageException notServed(AreaPath path) {
        return new StorageException(Kind.FORBIDDEN, "not a regular file or collection: " + path);
    }

    /** Attributes following links, or null when nothing is there (including a file where a directory would be). */
    static BasicFileAttributes readFollowing(Path p) throws IOException {
        return readOrNull(p);
    }

    private static BasicFileAttributes readNoFollow(Path p) throws IOException {
        return readOrNull(p, LinkOption.NOFOLLOW_LINKS);
    }

    private static BasicFileAttributes readOrNull(Path p, LinkOption... options) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, options);
        } catch (NoSuchFileException e) {
            return null;
        } catch (FileSystemException e) {
            if (isNotDirectory(e)) return null;
            throw e;
        }
    }

    private static boolean isLink(Path p) throws IOException {
        BasicFileAttributes own = readNoFollow(p);
        return own != null && own.isSymbolicLink();
    }

    /** A link the listing does not show (it dangles or leads out of the root): the client cannot delete it alone. */
    private boolean isHiddenLink(Path child) throws IOException {
        return isLink(child) && confinement.visible(child) == null;
    }

    private static boolean isNotDirectory(FileSystemException e) {
        return e.getReason() != null && e.getReason().toLowerCase(Locale.ROOT).contains("not a directory");
    }
}
