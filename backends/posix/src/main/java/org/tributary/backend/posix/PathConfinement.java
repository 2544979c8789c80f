package org.tributary.backend.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

import org.tributary.backend.AreaPath;

/**
 * Maps area paths onto the host file system and refuses those that a symbolic link takes out of the root.
 *
 * <p>AreaPath already excludes "..", so only symlinks can escape. The check resolves the deepest existing part of
 * the path with {@code toRealPath} (one realpath per request) and compares it with the real root, computed once.
 * A dangling link is harmless to what follows it: the backend never opens a final name for writing (it renames a
 * temporary onto it, which replaces the link itself) and mkdir does not follow links. There is a window between the
 * check and the use; whoever can create symlinks in the area between the two is a local user of the host, which
 * this check does not claim to defend against.
 */
final class PathConfinement {

    private final Path realRoot;

    PathConfinement(Path realRoot) {
        this.realRoot = realRoot;
    }

    Path root() { return realRoot; }

    /** The host path of {@code p}, lexically; nothing is checked. */
    Path resolve(AreaPath p) {
        Path out = realRoot;
        for (String s : p.segments()) {
            out = out.resolve(s);
        }
        return out;
    }

    /** Resolves and checks {@code p}: FORBIDDEN if the path, or the nearest ancestor that exists, is outside. */
    Path confined(AreaPath p) throws IOException {
        Path host = resolve(p);
        check(host);
        return host;
    }

    void check(Path host) throws IOException {
        Path probe = host;
        while (probe != null) {
            Path real;
            try {
                real = probe.toRealPath();
            } catch (NoSuchFileException e) {
                probe = probe.getParent();
                continue;
            } catch (FileSystemException e) {
                String why = String.valueOf(e.getReason()).toLowerCase(Locale.ROOT);
                if (why.contains("not a directory")) { // a file is in the way: what exists is above it
                    probe = probe.getParent();
                    continue;
                }
                // a link cycle is refused like a link that leaves: there is no real path to compare
                if (why.contains("levels of symbolic links")) throw IoErrors.outside();
                throw e;
            }
            if (!real.startsWith(realRoot)) throw IoErrors.outside();
            return;
        }
        throw IoErrors.outside();
    }

    /**
     * Whether a directory entry that the listing met may be shown: anything but a symlink is; a symlink only if it
     * resolves to something inside the root. Returns the attributes to show (those of the link's target), or null.
     */
    BasicFileAttributes visibleAttributes(Path child) throws IOException {
        BasicFileAttributes own = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!own.isSymbolicLink()) return own;
        try {
            if (!child.toRealPath().startsWith(realRoot)) return null;
            return Files.readAttributes(child, BasicFileAttributes.class);
        } catch (IOException dangling) {
            return null;
        }
    }
}
