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
 */
public record WriteOptions(long expectedSize, boolean overwrite, boolean createParents, boolean durable,
                           Map<String, String> expectedDigests) {

    public WriteOptions {
        expectedDigests = Map.copyOf(expectedDigests);
    }

    public static WriteOptions defaults() {
        return new WriteOptions(-1, true, true, true, Map.of());
    }

    public WriteOptions withExpectedSize(long size) {
        return new WriteOptions(size, overwrite, createParents, durable, expectedDigests);
    }
}
