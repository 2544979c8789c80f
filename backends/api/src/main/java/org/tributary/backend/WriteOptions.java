package org.tributary.backend;

import java.util.Map;

/**
 * How an upload is to be done.
 *
 * @param expectedSize    declared length, or -1 when unknown (chunked); S3 picks single PUT vs multipart with it
 * @param overwrite       whether an existing file may be replaced (false: commit fails ALREADY_EXISTS)
 * @param createParents   create missing parent directories (Rucio/gfal2 behaviour) instead of PARENT_MISSING
 * @param durable         fsync data and directory before commit returns ("201 means on disk")
 * @param expectedDigests checksums the client declared (algorithm name as in {@code ChecksumAlgorithm} → value in
 *                        that algorithm's canonical text form); commit fails CHECKSUM_MISMATCH if one differs
 * @param target          what the caller's own stat of the path found just before ({@link Seen}): a backend may take it
 *                        for its begin checks of the target instead of looking again (the parents it still checks, and
 *                        the commit still checks the target anew); {@link Seen#UNKNOWN} when the caller did not look
 */
public record WriteOptions(long expectedSize, boolean overwrite, boolean createParents, boolean durable,
                           Map<String, String> expectedDigests, Seen target) {

    public WriteOptions {
        expectedDigests = Map.copyOf(expectedDigests);
        if (target == null) target = Seen.UNKNOWN;
    }

    /** Options for a caller that did not look at the target. */
    public WriteOptions(long expectedSize, boolean overwrite, boolean createParents, boolean durable,
                        Map<String, String> expectedDigests) {
        this(expectedSize, overwrite, createParents, durable, expectedDigests, Seen.UNKNOWN);
    }

    public static WriteOptions defaults() {
        return new WriteOptions(-1, true, true, true, Map.of());
    }

    public WriteOptions withExpectedSize(long size) {
        return new WriteOptions(size, overwrite, createParents, durable, expectedDigests, target);
    }

    /** These options with what the caller's stat of the target has just found. */
    public WriteOptions withTarget(Seen seen) {
        return new WriteOptions(expectedSize, overwrite, createParents, durable, expectedDigests, seen);
    }
}
