package org.tributary.backend;

import java.time.Instant;

/**
 * What stat and list return for one entry.
 *
 * @param changeStamp a backend-defined token that changes whenever the content may have changed (POSIX: size and
 *                    mtime in nanoseconds; S3: the ETag). Cached checksums are valid only for the stamp they were
 *                    computed for, which is how files written behind the gateway's back get fresh checksums.
 */
public record EntryInfo(AreaPath path, EntryType type, long size, Instant modified, String changeStamp,
                        Locality locality) {

    public boolean isDirectory() { return type == EntryType.DIRECTORY; }

    public boolean isFile() { return type == EntryType.FILE; }

    /** A strong HTTP entity tag derived from the change stamp (quoted). */
    public String etag() {
        return "\"" + Integer.toHexString(path.hashCode()) + "-" + changeStamp + "\"";
    }
}
