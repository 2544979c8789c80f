package org.tributary.backend.placement;

import org.tributary.backend.AreaPath;

import java.io.IOException;
import java.util.Set;

/**
 * A backend feature (found with {@code backend.feature(PlacementControl.class)}): each file carries a target
 * {@link PlacementTarget}, and the backend works towards it in the background - migrate to tape, evict from disk,
 * recall and keep on disk, change the object's storage class. A backend without this feature keeps everything on
 * disk ({@link Placement#DISK}).
 *
 * <p>Rules every implementation keeps:
 * <ul>
 *   <li>{@link #place} records the target durably and returns at once; it never waits for tape. Whether the target
 *       holds yet is {@code placement.heldBy(stat(file).locality())}.</li>
 *   <li>The target belongs to the path: a move carries it along, a delete drops it, a new write of the path keeps the
 *       target the path had (a class applies to a name, not to one version of the bytes).</li>
 *   <li>A file never placed has the backend's default target (tape-sim: its migration options; S3: the bucket's
 *       default class).</li>
 *   <li>Giving a file the target it already has is harmless.</li>
 * </ul>
 */
public interface PlacementControl {

    /** The placements this backend can keep. */
    Set<Placement> supported();

    /**
     * Native storage-class names this backend accepts with {@code placement} (S3: "STANDARD_IA" with DISK); empty when
     * it has none. Start-up validation uses it to refuse a class the backend cannot keep.
     */
    default Set<String> storageClasses(Placement placement) { return Set.of(); }

    /**
     * Records the target of one file and starts what it takes. Fails NOT_FOUND (no such file), CONFLICT (a
     * collection), UNSUPPORTED (a placement or storage class not offered).
     */
    void place(AreaPath file, PlacementTarget target) throws IOException;

    /** The file's recorded target, or the backend's default for one never placed. Fails NOT_FOUND. */
    PlacementTarget target(AreaPath file) throws IOException;
}
