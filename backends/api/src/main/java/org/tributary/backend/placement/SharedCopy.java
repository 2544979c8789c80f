package org.tributary.backend.placement;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.WriteOptions;

import java.io.IOException;

/**
 * A backend feature: a copy that shares the stored data instead of sending the bytes through the caller (POSIX: a
 * hard link; S3: CopyObject; tape-sim: a buffer link plus a catalogue row that reuses the tape copy, so a file already
 * on tape is not written to tape again). This is what makes a QoS transition between two classes of one area cost no
 * transfer (issue 13).
 *
 * <p>Rules every implementation keeps:
 * <ul>
 *   <li>{@code to} appears whole or not at all, with the stored attributes (checksums) of {@code from}.</li>
 *   <li>The two names are independent afterwards for everything the SPI can see: deleting, moving or rewriting one
 *       leaves the other intact, and a {@link PlacementControl} target set on one is not the other's. (A POSIX hard
 *       link shares its inode, so extended attributes set later on one name show on both; the gateway never relies on
 *       per-name attributes of a shared file.)</li>
 *   <li>Options are those of a write: {@code overwrite} (false fails ALREADY_EXISTS), {@code createParents} (false
 *       fails PARENT_MISSING), {@code durable} (the new name is on disk when this returns).</li>
 * </ul>
 * Fails NOT_FOUND ({@code from} is absent), CONFLICT ({@code from} or {@code to} is a collection), or UNSUPPORTED when
 * this pair cannot share (e.g. two file systems): the caller then copies the bytes.
 *
 * @return the new entry at {@code to}
 */
public interface SharedCopy {
    EntryInfo share(AreaPath from, AreaPath to, WriteOptions options) throws IOException;
}
