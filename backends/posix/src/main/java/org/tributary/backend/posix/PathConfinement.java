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
 * <p>AreaPath already excludes "..", so only symlinks can escape. The root's real path is computed once; a check
 * looks at the components below it with lstat, from the root down to the first that does not exist (what follows it
 * cannot exist either), and only when one of them is a symbolic link resolves the path with {@code toRealPath} and
 * compares. So a tree without links costs one lstat per level below the root, not a readlink for every component from
 * "/" (realpath's way), several times per request. A dangling link is harmless to what follows it: the backend never
 * opens a final name for writing (it renames a temporary onto it, which replaces the link itself) and mkdir does not
 * follow links. There is a window between the check and the use; whoever can create symlinks in the area between the
 * two is a local user of the host, which this check does not claim to defend against.
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

    /**
     * A checked host path and, when the check already saw what is there, its attributes with links followed (null:
     * nothing there), so the caller need not stat it again. Not {@code seen} when the path ends in a link.
     */
    record Checked(Path host, boolean seen, BasicFileAttributes attributes) { }

    /** {@link #confined} that also returns what the check saw of the path itself. */
    Checked inspect(AreaPath p) throws IOException {
        return check(resolve(p));
    }

    Checked check(Path host) throws IOException {
        if (!host.startsWith(realRoot)) throw IoErrors.outside();
        Path probe = realRoot;
        int below = host.getNameCount() - realRoot.getNameCount();
        for (int i = 0; ; i++) {
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(probe, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return new Checked(host, true, null);  // nothing below a missing name exists: nothing to follow
            } catch (FileSystemException e) {
                if (notADirectory(e)) return new Checked(host, true, null); // a file is in the way: the same
                throw e;
            }
            if (a.isSymbolicLink()) {
                checkByRealPath(host);
                return new Checked(host, false, null);
            }
            if (i == below) return new Checked(host, true, a);
            if (!a.isDirectory()) return new Checked(host, true, null);
            probe = probe.resolve(host.getName(realRoot.getNameCount() + i));
        }
    }

    /** The nearest existing ancestor of {@code host} (or itself), resolved through every link, must be inside. */
    private void checkByRealPath(Path host) throws IOException {
        Path probe = host;
        while (probe != null) {
            Path real;
            try {
                real = probe.toRealPath();
            } catch (NoSuchFileException e) {
                probe = probe.getParent();
                continue;
            } catch (FileSystemException e) {
                if (notADirectory(e)) { // a file is in the way: what exists is above it
                    probe = probe.getParent();
                    continue;
                }
                // a link cycle is refused like a link that leaves: there is no real path to compare
                if (reason(e).contains("levels of symbolic links")) throw IoErrors.outside();
                throw e;
            }
            if (!real.startsWith(realRoot)) throw IoErrors.outside();
            return;
        }
        throw IoErrors.outside();
    }

    private static String reason(FileSystemException e) {
        return String.valueOf(e.getReason()).toLowerCase(Locale.ROOT);
    }

    private static boolean notADirectory(FileSystemException e) {
        return reason(e).contains("not a directory");
    }

    /** What a listing shows of one entry: the attributes (a link's are its target's) and whether it is a link. */
    record Visible(BasicFileAttributes attributes, boolean link) { }

    /**
     * Whether a directory entry that the listing met may be shown: anything but a symlink is; a symlink only if it
     * resolves to something inside the root. Returns what to show (a link shows its target's attributes), or null.
     */
    Visible visible(Path child) throws IOException {
        BasicFileAttributes own = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!own.isSymbolicLink()) return new Visible(own, false);
        try {
            if (!child.toRealPath().startsWith(realRoot)) return null;
            return new Visible(Files.readAttributes(child, BasicFileAttributes.class), true);
        } catch (IOException dangling) {
            return null;
        }
    }
}
