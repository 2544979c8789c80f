package org.tributary.backend;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The narrow storage interface (after XrdOss): what any backend - a POSIX directory, an S3 bucket, a tape
 * simulator - must offer so the gateway can serve WebDAV and third-party copy from it. Everything else is stacked on
 * top as a wrapper ({@link ForwardingBackend}): checksums computed while streaming, quota, metrics, staging.
 *
 * <p>Rules every implementation keeps:
 * <ul>
 *   <li>Paths are {@link AreaPath}s, already confined; a backend must still refuse to follow anything (symlinks,
 *       keys) out of its root.</li>
 *   <li>A write is invisible until {@link PendingWrite#commit}; after commit returns, the bytes and the attributes
 *       given to commit are durable (if {@link WriteOptions#durable()}) and visible together. Abort leaves nothing.</li>
 *   <li>Conditions the client must hear about are {@link StorageException}s; any other IOException is an internal
 *       error (500).</li>
 *   <li>Methods are blocking and thread-safe; the gateway calls them from virtual threads.</li>
 * </ul>
 *
 * <p><b>Features</b> (after XrdOss {@code Features()}/{@code FSctl}): what only some backends or layers can do - staging
 * from tape, migration, the checksum layer's lookups - is not a method here but a type found with {@link #feature}.
 * Every layer answers for itself or forwards the question down ({@link ForwardingBackend} does by default), so a
 * feature of the raw backend is found from the top of the stack.
 *
 * <p><b>Symbolic links</b> (a POSIX area may hold some, made by the site, never by a client). {@link #stat} and
 * {@link #list} show a link that stays inside the area as its target (type, size, times: what GET serves) with
 * {@link EntryInfo#isLink()} set; a link that dangles or leads out of the area is not listed. A <em>recursive</em>
 * operation - {@link #deleteTree}, a COPY or MOVE of a collection walked by the gateway, the start-up sweep, quota
 * walks - treats a link as one entry and never descends through it, whatever it points to (a sibling, an ancestor,
 * nothing):
 * <ul>
 *   <li>delete removes the link itself, never its target; deleting a collection also removes the links in it that
 *       the listing does not show (dangling, leading out), and only the links;</li>
 *   <li>move (rename) moves the link itself;</li>
 *   <li>a copy walked by the gateway copies a link to a file as a regular file with the bytes GET serves, and refuses
 *       the whole copy (403, nothing written) when the tree holds a link to a collection: copying the target would
 *       duplicate, leak or loop (a link to an ancestor), skipping it would report a copy that is not whole;</li>
 *   <li>a path <em>through</em> a link (/link/child) is an ordinary path: the link is an alias the site made.</li>
 * </ul>
 */
public interface StorageBackend extends Closeable {

    /**
     * The object of this stack that offers {@code type}, or empty when no layer does. A backend answers with itself when
     * it is a {@code type} (the default); a wrapper answers with itself, with its own object, or with what the layer
     * below answers ({@link ForwardingBackend}). A wrapper whose concern a feature would bypass (a feature that writes
     * bytes, past quota) answers for it: with a wrapped object, or empty. Cheap, no I/O: callers may ask per request.
     */
    default <T> Optional<T> feature(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    /** Metadata of one entry, or empty if it does not exist. The root always exists. */
    Optional<EntryInfo> stat(AreaPath path) throws IOException;

    /** Opens a file for reading (ranges supported). Fails NOT_FOUND, CONFLICT (a directory) or OFFLINE (on tape). */
    ReadHandle openRead(AreaPath path) throws IOException;

    /**
     * Starts an upload to {@code path}. The bytes go to a place no reader sees (a hidden temporary, a multipart
     * upload) until {@link PendingWrite#commit}. Missing parents are created when {@link WriteOptions#createParents()},
     * otherwise PARENT_MISSING. Fails CONFLICT when the path is a directory; when an ancestor is a file, CONFLICT or
     * PARENT_MISSING (a backend may not tell a file in the way from a missing parent); ALREADY_EXISTS when a file is
     * there and {@link WriteOptions#overwrite()} is false (checked again at commit). These checks are made here, before
     * any byte is written, so a caller need not look at the parents itself (the gateway answers 409 before reading a
     * body); {@link PendingWrite#begun()} reports what was found and which parents were created.
     */
    PendingWrite beginWrite(AreaPath path, WriteOptions options) throws IOException;

    /** Creates one directory. Fails ALREADY_EXISTS (anything at the path) or PARENT_MISSING. */
    void createDirectory(AreaPath path) throws IOException;

    /**
     * As {@link #createDirectory(AreaPath)}, for a caller that has just looked at the path itself ({@link Seen}): a
     * backend may take {@link Seen#ABSENT} instead of looking again (the parent it still checks). The default ignores
     * it; a wrapper forwards it ({@link ForwardingBackend}).
     */
    default void createDirectory(AreaPath path, Seen target) throws IOException {
        createDirectory(path);
    }

    /** Deletes a file or an <em>empty</em> directory (CONFLICT if not empty, NOT_FOUND if absent). */
    void delete(AreaPath path) throws IOException;

    /**
     * Deletes a file or a whole directory tree; returns how many files went. The default walks the tree and deletes
     * entry by entry (children listed in batches, so the listing is never modified while read); a backend with a bulk
     * delete (S3 DeleteObjects, 1000 keys a request) overrides it.
     */
    default long deleteTree(AreaPath path) throws IOException {
        return deleteByWalking(this, stat(path).orElseThrow(() -> StorageException.notFound(path)));
    }

    /**
     * The walking delete, for backends and wrappers that must see every single delete (quota accounting). A link is
     * deleted as itself, never descended into; it counts as no file.
     */
    /**
     * As {@link #deleteTree(AreaPath)}, for a caller that has just looked at the path itself ({@link Seen}): a backend
     * may take a file or a collection seen there instead of looking again (S3: a file is one DeleteObjects). Deleting
     * something that vanished meanwhile may then count it and succeed (the same race as a delete just after another
     * client's). The default ignores it; a wrapper forwards it ({@link ForwardingBackend}) or, when its concern needs
     * its own look (quota), looks and passes what it found.
     */
    default long deleteTree(AreaPath path, Seen target) throws IOException {
        return deleteTree(path);
    }

    static long deleteByWalking(StorageBackend backend, EntryInfo e) throws IOException {
        long files = 0;
        if (e.isWalkableDirectory()) {
            while (true) {
                java.util.List<EntryInfo> batch = new java.util.ArrayList<>(1000);
                try (Listing l = backend.list(e.path())) {
                    for (EntryInfo c : l) {
                        batch.add(c);
                        if (batch.size() == 1000) break;
                    }
                }
                if (batch.isEmpty()) break;
                for (EntryInfo c : batch) files += deleteByWalking(backend, c);
            }
        } else if (!e.isLink()) {
            files = 1;
        }
        backend.delete(e.path());
        return files;
    }

    /**
     * Moves a file or a directory tree. With {@code replace}, an existing target - a file or a collection - is
     * replaced, and at no moment is neither the old nor the new content reachable: a file onto a file atomically where
     * the backend can (POSIX rename(2)); otherwise in an order whose every crash point leaves the old or the new
     * content in place (or recoverable by {@link #cleanStaleTemporaries} at start), and a move that fails never
     * deletes what it did not replace. The caller must not delete the target first. Fails NOT_FOUND, PARENT_MISSING,
     * ALREADY_EXISTS (target exists and !replace), CONFLICT (into itself, onto an ancestor). A backend without a
     * rename may move by server-side copy + delete (S3), or fail UNSUPPORTED, and the gateway then copies the bytes and
     * deletes. Namespace changes (move, delete, createDirectory) are durable when they return if the backend was opened
     * durable (POSIX: the parent directories are fsynced).
     */
    void move(AreaPath from, AreaPath to, boolean replace) throws IOException;

    /**
     * Lists the direct children of a directory, fetched lazily page by page so that a directory of any size never
     * sits in memory. Internal entries (names with {@link AreaPath#RESERVED_PREFIX}) are never returned. Order is
     * unspecified. Fails NOT_FOUND or CONFLICT (not a directory).
     */
    Listing list(AreaPath directory) throws IOException;

    /**
     * Attributes stored with an entry: checksums and WebDAV dead properties (keys are plain strings, values UTF-8).
     * Empty map if none. On POSIX these are user xattrs, with a side-car store where xattrs are unsupported.
     */
    Map<String, String> attributes(AreaPath path) throws IOException;

    /**
     * Only the named attributes (those present). Hot paths (a stored checksum on HEAD) ask for two keys; a backend
     * where that is cheaper than reading them all (one xattr each instead of list + size + read of every one)
     * overrides this. Whatever the backend, it is one call, so an S3 side-car object is fetched once.
     */
    default Map<String, String> attributes(AreaPath path, Set<String> keys) throws IOException {
        Map<String, String> all = attributes(path);
        Map<String, String> out = new java.util.HashMap<>();
        for (String k : keys) if (all.containsKey(k)) out.put(k, all.get(k));
        return out;
    }

    /** Sets and removes attributes on an existing entry; other attributes are kept. */
    void updateAttributes(AreaPath path, Map<String, String> set, Set<String> remove) throws IOException;

    /** Capacity of the underlying store as seen from this area. */
    SpaceUsage space() throws IOException;

    /**
     * Bytes held by the files below a directory ({@link AreaPath#ROOT}: the whole area), measured from the storage
     * itself, so it counts what other processes wrote and not what they deleted (quota reconciliation). A symbolic
     * link is an entry of its own and is never followed (issue 15: a link to a directory must not count that
     * directory twice, or at all when it is outside). Internal entries (upload temporaries, side-cars) are not
     * counted. The default walks {@link #list}, which is right for a backend without links; a backend with links
     * overrides it.
     */
    default long measureUsage(AreaPath directory) throws IOException {
        return StorageBackend.usageByListing(this, directory);
    }

    private static long usageByListing(StorageBackend backend, AreaPath dir) throws IOException {
        long sum = 0;
        try (Listing l = backend.list(dir)) {
            for (EntryInfo e : l) sum += e.isDirectory() ? usageByListing(backend, e.path()) : e.size();
        }
        return sum;
    }

    /**
     * Start-up housekeeping: remove stale temporaries left by a crash below the root, and finish or undo what a crash
     * left of a replacing {@link #move} (POSIX: a displaced target is put back when the new content never arrived,
     * deleted otherwise). Never follows a link. Returns how many entries it removed or put back.
     */
    default int cleanStaleTemporaries() throws IOException { return 0; }

    @Override
    default void close() throws IOException { }
}
