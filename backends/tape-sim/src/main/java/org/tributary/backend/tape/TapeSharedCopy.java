package org.tributary.backend.tape;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.placement.SharedCopy;
import org.tributary.backend.staging.ArchiveMetadata;
import org.tributary.backend.tape.catalogue.FileRecord;
import org.tributary.backend.tape.library.BufferFiles;
import org.tributary.backend.tape.library.BufferSpace;
import org.tributary.backend.tape.library.PathStripes;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link SharedCopy} of a tape area (issue 13): a hard link of the buffer file (of its empty stub, for a file on tape
 * only) and, under the stripes of both paths, a catalogue row for the new name that reuses the tape copy of the old
 * one, so a file already on tape is TAPE (or DISK_AND_TAPE) under its new name at once and is never written to tape
 * again. Cartridges are append-only and never reclaimed, so two rows naming one tape segment are safe: deleting either
 * name leaves the other's copy readable.
 *
 * <p>The two names share an inode until one of them changes: an upload renames a new file over its name, and eviction
 * and recall replace a name by a new file ({@code BufferFiles}), never write into the shared one. Attributes: user
 * xattrs belong to the inode and come along; with side-cars (a file system without xattrs) the new name is given the
 * source's attributes through the posix layer right after the link (a reader in between sees none; the checksum layer
 * then computes rather than trusts).
 *
 * <p>A file shared with itself is refused CONFLICT: it is a caller's mistake, and a no-op would hide it.
 */
final class TapeSharedCopy implements SharedCopy {

    private final AreaParts area;

    TapeSharedCopy(AreaParts area) {
        this.area = area;
    }

    @Override
    public EntryInfo share(AreaPath from, AreaPath to, WriteOptions options) throws IOException {
        if (from.equals(to)) throw new StorageException(Kind.CONFLICT, from + " cannot share its data with itself");
        if (to.isRoot()) throw new StorageException(Kind.CONFLICT, "/ is a collection: a shared copy makes a file");
        EntryInfo source = area.buffer().stat(from).orElseThrow(() -> StorageException.notFound(from));
        if (!source.isFile()) {
            throw new StorageException(Kind.CONFLICT, from + " is a collection: only files are shared");
        }
        if (source.isLink()) {
            throw new StorageException(Kind.UNSUPPORTED, from + " is a symbolic link in the buffer: copy its bytes");
        }
        Optional<EntryInfo> existing = area.buffer().stat(to);
        if (existing.isPresent() && !existing.get().isFile()) {
            throw new StorageException(Kind.CONFLICT, to + " is a collection: a file cannot replace it");
        }
        if (existing.isPresent() && !options.overwrite()) {
            throw new StorageException(Kind.ALREADY_EXISTS, to + " exists and may not be replaced");
        }
        ensureParent(to, options.createParents());
        Map<String, String> attributes = area.buffer().attributes(from);
        Path fromHost = BufferSpace.host(area.buffer().root(), from.toString());
        Path toHost = BufferSpace.host(area.buffer().root(), to.toString());
        try (PathStripes.Held held = area.stripes().lock(from.toString(), to.toString())) {
            Optional<FileRecord> record = area.catalogue().file(from.toString());
            // a new name gets its row before its link: a crash in between leaves a row nobody sees (stat starts in the
            // buffer), never a name without a row, which would show an evicted file's empty stub as a 0-byte disk file.
            // A replaced name goes link first, as an upload's commit does (the same window as a PUT).
            boolean rowFirst = !options.overwrite();
            if (rowFirst) {
                // looked at again under the stripe, which every write through the gateway holds to commit: the row
                // written next must never be an existing file's
                if (Files.exists(toHost, LinkOption.NOFOLLOW_LINKS)) {
                    throw new StorageException(Kind.ALREADY_EXISTS, to + " exists and may not be replaced");
                }
                record(record, source, attributes, to);
            }
            try {
                area.files().link(fromHost, toHost, options.overwrite());
            } catch (IOException e) {
                if (rowFirst) area.catalogue().forget(to.toString());
                throw linkFailed(e, from, to);
            }
            if (!rowFirst) record(record, source, attributes, to);
            Map<String, String> got = area.buffer().attributes(to);
            if (!got.equals(attributes)) {
                // side-cars belong to a name, not to the inode: the new name gets the source's (and loses its old ones)
                Set<String> stale = new HashSet<>(got.keySet());
                stale.removeAll(attributes.keySet());
                area.buffer().updateAttributes(to, attributes, stale);
            }
        }
        if (options.durable()) BufferFiles.syncDirectory(toHost.getParent());
        area.library().rewritten(to.toString());
        return area.tape().stat(to).orElseThrow(() -> StorageException.notFound(to));
    }

    /** The catalogue row of the new name: a copy of the source's, or a new file's when the source has none. */
    private void record(Optional<FileRecord> source, EntryInfo entry, Map<String, String> attributes, AreaPath to)
            throws IOException {
        if (source.isPresent()) {
            area.catalogue().shared(source.get(), to.toString(), area.clock().instant());
        } else {
            // the source was written behind the gateway's back: the new name is a write through the gateway
            area.catalogue().written(to.toString(), entry.size(), entry.modified(), entry.changeStamp(),
                    TapeSimBackend.collocation(attributes.get(ArchiveMetadata.ATTRIBUTE)), area.clock().instant());
        }
    }

    private static IOException linkFailed(IOException e, AreaPath from, AreaPath to) {
        if (e instanceof FileAlreadyExistsException) {
            return new StorageException(Kind.ALREADY_EXISTS, to + " exists and may not be replaced");
        }
        if (e instanceof NoSuchFileException) return StorageException.notFound(from);
        // EXDEV: a directory of the buffer is another file system (a mount point inside it): the caller copies bytes
        if (e instanceof FileSystemException f && f.getReason() != null
                && f.getReason().toLowerCase().contains("cross-device")) {
            return new StorageException(Kind.UNSUPPORTED, from + " and " + to + " are on different file systems of"
                    + " the buffer: copy the bytes");
        }
        return e;
    }

    /** The parent of {@code to} is a directory: created with its missing ancestors when allowed, else PARENT_MISSING. */
    private void ensureParent(AreaPath to, boolean create) throws IOException {
        List<AreaPath> missing = new ArrayList<>();
        for (AreaPath a = to.parent(); !a.isRoot(); a = a.parent()) {
            Optional<EntryInfo> e = area.buffer().stat(a);
            if (e.isPresent()) {
                if (!e.get().isDirectory()) throw new StorageException(Kind.CONFLICT, a + " is a file, not a collection");
                break;
            }
            missing.add(a);
        }
        if (missing.isEmpty()) return;
        if (!create) throw new StorageException(Kind.PARENT_MISSING, "the parent collection of " + to + " does not exist");
        for (AreaPath a : missing.reversed()) {
            try {
                area.buffer().createDirectory(a);
            } catch (StorageException e) {
                if (e.kind() != Kind.ALREADY_EXISTS) throw e;
            }
        }
    }
}
