package org.tributary.backend.placement;

import org.tributary.backend.Locality;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a QoS class keeps a file's bytes (issue 13): on disk only, on disk and on tape, or on tape only (read after a
 * stage). The names are dCache's {@code currentQos}/{@code targetQos} values, which site admins already know.
 */
public enum Placement {
    DISK("disk"), DISK_AND_TAPE("disk+tape"), TAPE("tape");

    private final String wireName;

    Placement(String wireName) { this.wireName = wireName; }

    /** "disk", "disk+tape" or "tape": the spelling in configuration, CDMI and describe output. */
    public String wireName() { return wireName; }

    /** The placement spelled {@code text} (case-insensitive), or empty. */
    public static Optional<Placement> parse(String text) {
        return Arrays.stream(values()).filter(p -> p.wireName.equalsIgnoreCase(text.strip())).findFirst();
    }

    /** Whether this placement needs a tape copy. */
    public boolean onTape() { return this != DISK; }

    /**
     * Whether a file where {@code locality} says holds what this placement promises. TAPE is held once the tape copy
     * exists: the disk copy leaves when no pin keeps it (a staged file of a tape class is on both for a while, and
     * that is still the class's promise kept).
     */
    public boolean heldBy(Locality locality) {
        return switch (this) {
            case DISK -> locality.online();
            case DISK_AND_TAPE -> locality == Locality.DISK_AND_TAPE;
            case TAPE -> locality == Locality.TAPE || locality == Locality.DISK_AND_TAPE;
        };
    }
}
