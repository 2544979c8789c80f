package org.tributary.backend.posix;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link PosixBackend} treats its directory.
 *
 * @param useXattrs           store attributes as user xattrs where the file system allows it; false forces the
 *                            side-car store everywhere (e.g. a file system whose xattrs are known to be unreliable)
 * @param staleTemporaryAge   how old a {@code .tributary-tmp-*} file must be before
 *                            {@link PosixBackend#cleanStaleTemporaries()} removes it. Zero is right at start-up, when
 *                            no upload can be in flight; anything called while serving needs a margin.
 * @param syncDirectories     fsync the parent directory after a move, a delete and a mkdir, before they return, so
 *                            that an acknowledged change of the namespace survives a crash (the area's
 *                            {@code durability: fsync}; uploads fsync on their own, by {@code WriteOptions.durable})
 */
public record PosixOptions(boolean useXattrs, Duration staleTemporaryAge, boolean syncDirectories) {

    public PosixOptions(boolean useXattrs, Duration staleTemporaryAge) {
        this(useXattrs, staleTemporaryAge, true);
    }

    public PosixOptions {
        Objects.requireNonNull(staleTemporaryAge, "staleTemporaryAge");
        if (staleTemporaryAge.isNegative()) {
            throw new IllegalArgumentException("staleTemporaryAge must not be negative");
        }
    }

    public static PosixOptions defaults() {
        return new PosixOptions(true, Duration.ZERO, true);
    }

    public PosixOptions withXattrs(boolean use) {
        return new PosixOptions(use, staleTemporaryAge, syncDirectories);
    }

    public PosixOptions withSyncDirectories(boolean sync) {
        return new PosixOptions(useXattrs, staleTemporaryAge, sync);
    }

    public PosixOptions withStaleTemporaryAge(Duration age) {
        return new PosixOptions(useXattrs, age, syncDirectories);
    }
}
