package org.tributary.backend.stack;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.ForwardingPendingWrite;
import org.tributary.backend.Listing;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.ReadHandle;
import org.tributary.backend.Seen;
import org.tributary.backend.SpaceUsage;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.StorageException;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.placement.Placement;
import org.tributary.backend.placement.PlacementControl;
import org.tributary.backend.placement.PlacementTarget;
import org.tributary.backend.placement.SharedCopy;
import org.tributary.backend.staging.StageProgress;
import org.tributary.backend.staging.Staging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One directory of a shared stack, seen as a backend of its own: how a QoS class of an area gets its own namespace
 * (and its own access point, so Rucio can register it as its own RSE) over the same storage as the area's other
 * classes (issue 13, docs/decisions/0028). Every path is translated on the way down ({@code /x} is
 * {@code <directory>/x} below) and every entry on the way up.
 *
 * <p>Features are where a view must be careful: a feature found below works on the <em>shared</em> paths, so handing
 * it up unchanged would let a caller address files outside the view. This class therefore answers only for the
 * features it knows to translate ({@link Staging}, {@link PlacementControl}, {@link SharedCopy}) and hides every
 * other one. A layer stacked on the view (checksums, quota) answers for itself above it, as usual.
 *
 * <p>The view does not own the shared stack: closing it closes nothing, and start-up housekeeping is the owner's.
 */
public final class PrefixedBackend implements StorageBackend {

    private final StorageBackend shared;
    private final AreaPath directory;

    /** A view of {@code directory} (not the root) of {@code shared}; the directory must exist before use. */
    public PrefixedBackend(StorageBackend shared, AreaPath directory) {
        this.shared = Objects.requireNonNull(shared, "shared");
        if (directory.isRoot()) throw new IllegalArgumentException("a prefixed view needs a directory, not the root");
        this.directory = directory;
    }

    /** The shared stack below this view. */
    public StorageBackend shared() { return shared; }

    /** The directory of the shared stack this view shows. */
    public AreaPath directory() { return directory; }

    /** The shared path of a path of this view. */
    public AreaPath down(AreaPath p) { return p.rebase(AreaPath.ROOT, directory); }

    /** The path in this view of a shared path below {@link #directory()}. */
    public AreaPath up(AreaPath shared) { return shared.rebase(directory, AreaPath.ROOT); }

    private EntryInfo up(EntryInfo e) {
        return new EntryInfo(up(e.path()), e.type(), e.size(), e.modified(), e.changeStamp(), e.locality(), e.isLink());
    }

    @Override public <T> Optional<T> feature(Class<T> type) {
        if (type == Staging.class) return shared.feature(Staging.class).map(s -> type.cast(new ViewStaging(s)));
        if (type == PlacementControl.class) {
            return shared.feature(PlacementControl.class).map(p -> type.cast(new ViewPlacement(p)));
        }
        if (type == SharedCopy.class) {
            return shared.feature(SharedCopy.class).map(s -> type.cast(
                    (SharedCopy) (from, to, options) -> up(s.share(down(from), down(to), options))));
        }
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    @Override public Optional<EntryInfo> stat(AreaPath path) throws IOException {
        return shared.stat(down(path)).map(this::up);
    }

    /** The handle describes the file by its path in this view, as every other answer does. */
    @Override public ReadHandle openRead(AreaPath path) throws IOException {
        ReadHandle h = shared.openRead(down(path));
        EntryInfo info = up(h.info());
        return new ReadHandle() {
            @Override public EntryInfo info() { return info; }
            @Override public InputStream stream(long offset, long length) throws IOException {
                return h.stream(offset, length);
            }
            @Override public Optional<FileChannel> fileChannel() { return h.fileChannel(); }
            @Override public void close() throws IOException { h.close(); }
        };
    }

    @Override public PendingWrite beginWrite(AreaPath path, WriteOptions options) throws IOException {
        PendingWrite w = shared.beginWrite(down(path), options);
        return new ForwardingPendingWrite(w) {
            @Override public AreaPath path() { return path; }
            @Override public Begun begun() {
                Begun b = delegate.begun();
                return new Begun(b.targetExisted(), b.createdParents().stream().map(PrefixedBackend.this::up).toList());
            }
            @Override public CommitResult commit(Map<String, String> attributes) throws IOException {
                CommitResult c = delegate.commit(attributes);
                return new CommitResult(up(c.entry()), c.replaced());
            }
        };
    }

    @Override public void createDirectory(AreaPath path) throws IOException { shared.createDirectory(down(path)); }

    @Override public void createDirectory(AreaPath path, Seen target) throws IOException {
        shared.createDirectory(down(path), target);
    }

    /**
     * The root of the view is the class directory below: it is not the root there, so the shared stack would delete
     * or move it (a deleteTree of "/" would empty the class). Refused here as every backend refuses its root.
     */
    private static void notTheRoot(AreaPath path, String what) throws StorageException {
        if (path.isRoot()) throw new StorageException(StorageException.Kind.FORBIDDEN, "the root collection cannot be " + what);
    }

    @Override public void delete(AreaPath path) throws IOException {
        notTheRoot(path, "deleted");
        shared.delete(down(path));
    }

    @Override public long deleteTree(AreaPath path) throws IOException {
        notTheRoot(path, "deleted");
        return shared.deleteTree(down(path));
    }

    @Override public long deleteTree(AreaPath path, Seen target) throws IOException {
        notTheRoot(path, "deleted");
        return shared.deleteTree(down(path), target);
    }

    @Override public void move(AreaPath from, AreaPath to, boolean replace) throws IOException {
        notTheRoot(from, "moved");
        notTheRoot(to, "replaced");
        shared.move(down(from), down(to), replace);
    }

    @Override public Listing list(AreaPath dir) throws IOException {
        Listing l = shared.list(down(dir));
        return new Listing() {
            @Override public Iterator<EntryInfo> iterator() {
                Iterator<EntryInfo> it = l.iterator();
                return new Iterator<>() {
                    @Override public boolean hasNext() { return it.hasNext(); }
                    @Override public EntryInfo next() { return up(it.next()); }
                };
            }
            @Override public void close() { l.close(); }
        };
    }

    @Override public Map<String, String> attributes(AreaPath path) throws IOException {
        return shared.attributes(down(path));
    }

    @Override public Map<String, String> attributes(AreaPath path, Set<String> keys) throws IOException {
        return shared.attributes(down(path), keys);
    }

    @Override public void updateAttributes(AreaPath path, Map<String, String> set, Set<String> remove)
            throws IOException {
        shared.updateAttributes(down(path), set, remove);
    }

    @Override public SpaceUsage space() throws IOException { return shared.space(); }

    @Override public long measureUsage(AreaPath dir) throws IOException { return shared.measureUsage(down(dir)); }

    /** The owner of the shared stack cleans it once at start; a view has nothing of its own. */
    @Override public int cleanStaleTemporaries() { return 0; }

    /** The shared stack is closed by its owner, once. */
    @Override public void close() { }

    private final class ViewStaging implements Staging {
        private final Staging s;

        ViewStaging(Staging s) { this.s = s; }

        @Override public void stage(String requester, Collection<AreaPath> files, Instant pinUntil) throws IOException {
            s.stage(requester, files.stream().map(PrefixedBackend.this::down).toList(), pinUntil);
        }
        @Override public StageProgress progress(String requester, AreaPath file) throws IOException {
            return s.progress(requester, down(file));
        }
        @Override public void cancel(String requester, Collection<AreaPath> files) throws IOException {
            s.cancel(requester, files.stream().map(PrefixedBackend.this::down).toList());
        }
        @Override public void release(String requester, Collection<AreaPath> files) throws IOException {
            s.release(requester, files.stream().map(PrefixedBackend.this::down).toList());
        }
    }

    private final class ViewPlacement implements PlacementControl {
        private final PlacementControl p;

        ViewPlacement(PlacementControl p) { this.p = p; }

        @Override public Set<Placement> supported() { return p.supported(); }
        @Override public Set<String> storageClasses(Placement placement) {
            return p.storageClasses(placement);
        }
        @Override public void place(AreaPath file, PlacementTarget target) throws IOException {
            p.place(down(file), target);
        }
        @Override public PlacementTarget target(AreaPath file) throws IOException { return p.target(down(file)); }
    }
}
