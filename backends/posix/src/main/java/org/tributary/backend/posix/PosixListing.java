package org.tributary.backend.posix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.InvalidPathException;
import org.tributary.backend.FetchingListing;

/**
 * A directory stream turned into EntryInfos one at a time: readdir pages come from the kernel as the caller
 * iterates and each child is stat'ed when reached, so memory stays flat for any directory size.
 *
 * <p>Skipped: internal names, symlinks that leave the root (or dangle), special files, names no AreaPath can carry
 * (control characters, backslashes), and entries deleted between readdir and stat.
 */
final class PosixListing extends FetchingListing {

    private final DirectoryStream<Path> stream;
    private final AreaPath directory;
    private final PathConfinement confinement;
    private Iterator<Path> children;

    PosixListing(DirectoryStream<Path> stream, AreaPath directory, PathConfinement confinement) {
        this.stream = stream;
        this.directory = directory;
        this.confinement = confinement;
    }

    @Override
    protected EntryInfo fetch() {
        if (children == null) children = stream.iterator();
        while (true) {
            Path child;
            try {
                if (!children.hasNext()) return null;
                child = children.next();
            } catch (DirectoryIteratorException e) {
                throw new UncheckedIOException(e.getCause());
            }
            EntryInfo entry = toEntry(child);
            if (entry != null) return entry;
        }
    }

    private EntryInfo toEntry(Path child) {
        String name = child.getFileName().toString();
        if (InternalNames.isInternal(name) || AreaPath.segmentProblem(name) != null) return null;
        try {
            PathConfinement.Visible v = confinement.visible(child);
            return v == null ? null : EntryInfos.of(directory.child(name), v.attributes(), v.link());
        } catch (NoSuchFileException | InvalidPathException gone) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            stream.close();
        } catch (IOException ignored) {
            // closing a directory stream releases a descriptor; there is nothing to report to the client
        }
    }
}
