package org.tributary.backend.posix;

import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.EntryType;
import org.tributary.backend.Locality;

/** EntryInfo from a stat, and the change stamp rule shared by stat and {@link PosixPendingWrite#contentStamp()}. */
final class EntryInfos {

    private EntryInfos() { }

    /** Null for anything that is neither a regular file nor a directory (fifo, socket, device): never served. */
    static EntryInfo of(AreaPath path, BasicFileAttributes a) {
        return of(path, a, false);
    }

    /** {@code a} are the target's attributes when {@code link}: the entry is a symbolic link shown as its target. */
    static EntryInfo of(AreaPath path, BasicFileAttributes a, boolean link) {
        if (a.isRegularFile()) {
            return new EntryInfo(path, EntryType.FILE, a.size(), a.lastModifiedTime().toInstant(),
                    fileStamp(a.size(), a.lastModifiedTime()), Locality.DISK, link);
        }
        if (a.isDirectory()) {
            return new EntryInfo(path, EntryType.DIRECTORY, 0, a.lastModifiedTime().toInstant(),
                    "d-" + Long.toHexString(nanos(a.lastModifiedTime())), Locality.DISK, link);
        }
        return null;
    }

    /**
     * Size and mtime in nanoseconds: a rename and a setxattr keep both, so the stamp of an upload's temporary is
     * the stamp of the committed file; any rewrite behind the gateway's back changes the mtime.
     */
    static String fileStamp(long size, FileTime modified) {
        return size + "-" + Long.toHexString(nanos(modified));
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }
}
