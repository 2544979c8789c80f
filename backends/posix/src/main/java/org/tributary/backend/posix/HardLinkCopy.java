package org.tributary.backend.posix;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Map;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.placement.SharedCopy;

/**
 * {@link SharedCopy} on POSIX: a hard link, made under a hidden temporary name beside the target and renamed into
 * place, the way {@link PosixPendingWrite} publishes an upload (no partial name is ever visible, and a crash leaves a
 * temporary the start-up sweep removes).
 *
 * <p>Attributes: user xattrs belong to the inode, so they are the source's without a copy (and stay shared: see
 * {@link SharedCopy}); a side-car belongs to a name, so the source's is copied for the new name. The change stamp
 * (size and mtime) is the inode's too, so checksums stored for the source are current for the copy.
 *
 * <p>A source that is a symbolic link (inside the area: confinement refuses any other) is shared as the file it leads
 * to, as a GET or a COPY of it would serve; link(2) itself would link the symlink, which is not the content. Across
 * file systems (EXDEV), or on a file system without hard links, the answer is UNSUPPORTED and the caller copies bytes.
 */
final class HardLinkCopy implements SharedCopy {

    private final PosixBackend backend;

    HardLinkCopy(PosixBackend backend) {
        this.backend = backend;
    }

    @Override
    public EntryInfo share(AreaPath from, AreaPath to, WriteOptions options) throws IOException {
        if (from.isRoot()) throw IoErrors.conflict("the root collection cannot be shared as a file");
        if (to.isRoot()) throw IoErrors.conflict("the root collection cannot be written as a file");
        if (from.equals(to)) throw IoErrors.conflict("source and destination are the same: " + from);
        AreaPath current = from;
        Path temp = null;
        Path sidecar = null;
        try {
            Path source = sourceFile(from);
            current = to;
            Path target = backend.confinement().confined(to);
            BasicFileAttributes existing = PosixBackend.readFollowing(target);
            if (existing != null && existing.isDirectory()) throw IoErrors.conflict("is a collection: " + to);
            if (!options.overwrite() && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) throw IoErrors.alreadyExists(to);
            backend.ensureParent(to, target, options.createParents(), options.durable());
            temp = target.resolveSibling(InternalNames.temporary(to.name()));
            link(temp, source, from);
            Map<String, String> sidecarAttributes = SidecarStore.read(AttributeStore.sidecarOf(source, false));
            if (!sidecarAttributes.isEmpty()) {
                sidecar = SidecarStore.prepare(temp.getParent(), to.name(), sidecarAttributes, options.durable());
            }
            BasicFileAttributes shared = Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            try (PathLocks.Held held = backend.locks().lock(target)) {
                backend.confinement().check(target);
                if (Files.isDirectory(target)) throw IoErrors.conflict("is a collection: " + to);
                if (!options.overwrite() && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw IoErrors.alreadyExists(to);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                // rename(2) of a name onto another link of the same inode does nothing and succeeds: the temporary
                // is then still there (sharing a file again onto its earlier copy)
                Files.deleteIfExists(temp);
                temp = null;
                Path prepared = sidecar;
                sidecar = null;
                AttributeStore.publishSidecar(target, prepared);
            }
            if (options.durable()) backend.syncDirectory(target.getParent());
            return EntryInfos.of(to, shared);
        } catch (IOException e) {
            throw IoErrors.map(e, current);
        } finally {
            if (temp != null) SidecarStore.deleteQuietly(temp);
            if (sidecar != null) SidecarStore.deleteQuietly(sidecar);
        }
    }

    /** The regular file to link: the entry itself, or the file a link inside the area leads to. */
    private Path sourceFile(AreaPath from) throws IOException {
        PathConfinement.Checked c = backend.confinement().inspect(from);
        BasicFileAttributes a = c.seen() ? c.attributes() : PosixBackend.readFollowing(c.host());
        if (a == null) throw StorageException.notFound(from);
        if (a.isDirectory()) throw IoErrors.conflict("a collection cannot be shared as a file: " + from);
        if (!a.isRegularFile()) throw new StorageException(Kind.FORBIDDEN, "not a regular file or collection: " + from);
        // not seen: a link is on the way (already checked to stay inside the root); link what it leads to
        return c.seen() ? c.host() : c.host().toRealPath();
    }

    private static void link(Path link, Path existing, AreaPath from) throws IOException {
        try {
            Files.createLink(link, existing);
        } catch (UnsupportedOperationException e) {
            throw new StorageException(Kind.UNSUPPORTED, "this file system has no hard links: " + from, e);
        } catch (FileSystemException e) {
            String reason = String.valueOf(e.getReason()).toLowerCase(Locale.ROOT);
            if (reason.contains("cross-device") || reason.contains("not supported")) {
                throw new StorageException(Kind.UNSUPPORTED, "cannot share across file systems: " + from, e);
            }
            if (reason.contains("too many links")) {
                throw new StorageException(Kind.UNSUPPORTED, "the file has as many links as the file system allows: "
                        + from, e);
            }
            throw e;
        }
    }
}
