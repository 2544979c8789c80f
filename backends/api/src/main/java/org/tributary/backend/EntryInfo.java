package org.tributary.backend;

import java.time.Instant;

/**
 * What stat and list return for one entry.
 *
 * @param changeStamp a backend-defined token that changes whenever the content may have changed (POSIX: size and
 *                    mtime in nanoseconds; S3: the ETag). Cached checksums are valid only for the stamp they were
 *                    computed for, which is how files written behind the gateway's back get fresh checksums.
 * @param link        the entry is a symbolic link (POSIX). Type, size and times are those of its target, which is what
 *                    GET serves; a recursive operation treats it as a leaf and never descends through it (see
 *                    {@link StorageBackend} on links).
 */
public record EntryInfo(AreaPath path, EntryType type, long size, Instant modified, String changeStamp,
                        Locality locality, boolean link) {

    /** An entry that is not a link (every entry of a backend without links). */
    public EntryInfo(AreaPath path, EntryType type, long size, Instant modified, String changeStamp,
                     Locality locality) {
        this(path, type, size, modified, changeStamp, locality, false);
    }

    public boolean isDirectory() { return type == EntryType.DIRECTORY; }

    public boolean isFile() { return type == EntryType.FILE; }

    public boolean isLink() { return link; }

    /** A collection a recursive operation may descend into: a directory, not a link to one. */
    public boolean isWalkableDirectory() { return isDirectory() && !link; }

    /** A strong HTTP entity tag derived from the change stamp (quoted). */
    public String etag() {
        return "\"" + Integer.toHexString(path.hashCode()) + "-" + changeStamp + "\"";
    }
}
