package org.tributary.backend;

/** Bytes used and still available, -1 when unknown. */
public record SpaceUsage(long usedBytes, long availableBytes) {
    public static final SpaceUsage UNKNOWN = new SpaceUsage(-1, -1);
}
