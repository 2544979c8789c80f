package org.tributary.backend.tape.library;

import org.tributary.backend.AreaPath;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The buffer's files as the library changes them behind the posix layer (eviction, recall, shared copies). A buffer
 * file may be hard-linked to a second name (SharedCopy, issue 13), so nothing here writes into or truncates an
 * existing file: a new file is made under a hidden temporary name beside it, given the old one's user xattrs and
 * modification time, and renamed over the name. The other name keeps its inode and its bytes; the name changed keeps
 * its attributes (xattrs copied, a side-car belongs to the name and stays) and its change stamp (size and mtime).
 *
 * <p>Temporary names are the posix layer's ({@code .tributary-tmp-...}): hidden from clients, and swept at start if a
 * crash leaves one.
 */
public final class BufferFiles {

    private static final String TEMP_PREFIX = AreaPath.RESERVED_PREFIX + "-tmp-tape-";

    private final boolean xattrs;

    /** {@code xattrs}: whether the posix layer keeps attributes in user xattrs (else in side-cars, per name). */
    public BufferFiles(boolean xattrs) {
        this.xattrs = xattrs;
    }

    /** A new, empty file under a temporary name in the directory of {@code host}; NoSuchFileException if none. */
    public Path temporaryBeside(Path host) throws IOException {
        return Files.createFile(temporaryName(host));
    }

    /**
     * Puts {@code temp} in the place of {@code host}: the user xattrs of {@code host}, the modification time
     * {@code modified}, then one atomic rename. Fails NoSuchFileException when {@code host} is gone (its temporary is
     * then removed, so a deleted file never comes back).
     */
    public void install(Path temp, Path host, Instant modified) throws IOException {
        boolean done = false;
        try {
            if (!Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(host.toString());
            }
            copyUserAttributes(host, temp);
            Files.setLastModifiedTime(temp, FileTime.from(modified));
            Files.move(temp, host, StandardCopyOption.ATOMIC_MOVE);
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(temp);
        }
    }

    /** Replaces {@code host} by an empty stub with its attributes and modification time (eviction). */
    public void replaceWithStub(Path host, Instant modified) throws IOException {
        install(temporaryBeside(host), host, modified);
    }

    /**
     * Makes {@code to} a hard link of {@code from}: straight at the name when nothing may be replaced (the link call
     * fails FileAlreadyExistsException rather than replace), else under a temporary name renamed over {@code to}. A
     * link appears whole either way.
     */
    public void link(Path from, Path to, boolean replace) throws IOException {
        if (!replace) {
            Files.createLink(to, from);
            return;
        }
        Path temp = temporaryName(to);
        Files.createLink(temp, from);
        try {
            Files.move(temp, to, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            // rename(2) of a name onto another link of the same inode succeeds and does nothing: the temporary stays
            Files.deleteIfExists(temp);
        }
    }

    /** Flushes a directory's entries (a new name in it survives a crash), as the posix layer does for durable writes. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static Path temporaryName(Path beside) {
        return beside.resolveSibling(TEMP_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
    }

    private void copyUserAttributes(Path from, Path to) throws IOException {
        if (!xattrs) return;
        UserDefinedFileAttributeView source = Files.getFileAttributeView(from, UserDefinedFileAttributeView.class);
        UserDefinedFileAttributeView target = Files.getFileAttributeView(to, UserDefinedFileAttributeView.class);
        if (source == null || target == null) return;
        for (String name : source.list()) {
            ByteBuffer value = ByteBuffer.allocate(source.size(name));
            source.read(name, value);
            value.flip();
            target.write(name, value);
        }
    }
}
