package org.tributary.backend.tape.catalogue;

import org.tributary.backend.Locality;
import org.tributary.backend.placement.Placement;

import java.time.Instant;
import java.util.Optional;

/**
 * What the catalogue knows of one file of the area.
 *
 * @param path        the area path ("/a/b")
 * @param size        its length (also while only on tape, when the buffer holds an empty stub)
 * @param modified    its modification time, kept through eviction and recall
 * @param stamp       its change stamp when written (the checksum layer's checksums are bound to it)
 * @param written     when it was committed (the migration policy's age)
 * @param collocation the collocation key of its ArchiveMetadata, "" when none
 * @param onDisk      its bytes are in the buffer
 * @param cartridge   the cartridge holding its tape copy, empty before migration
 * @param position    its byte offset on that cartridge
 * @param adler32     the checksum verified when it was written to tape (null before)
 * @param lost        its tape copy cannot be read (the cartridge is unreadable or the bytes did not verify)
 * @param placement   its target placement (PlacementControl), empty for a file never placed (the area's default)
 * @param placed      when that placement was given
 */
public record FileRecord(String path, long size, Instant modified, String stamp, Instant written, String collocation,
                         boolean onDisk, Optional<String> cartridge, long position, String adler32, boolean lost,
                         Optional<Placement> placement, Optional<Instant> placed) {

    public boolean onTape() { return cartridge.isPresent(); }

    /** Where its bytes are, in the Tape REST vocabulary. */
    public Locality locality() {
        if (onDisk) return onTape() && !lost ? Locality.DISK_AND_TAPE : Locality.DISK;
        return lost ? Locality.LOST : Locality.TAPE;
    }
}
