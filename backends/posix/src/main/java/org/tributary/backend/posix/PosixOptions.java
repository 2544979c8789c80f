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
 */
public record PosixOptions(boolean useXattrs, Duration staleTemporaryAge) {

    public PosixOptions {
        Objects.requireNonNull(staleTemporaryAge, "staleTemporaryAge");
        if (staleTemporaryAge.isNegative()) {
            throw new IllegalArgumentException("staleTemporaryAge must not be negative");
        }
    }

    public static PosixOptions defaults() {
        return new PosixOptions(true, Duration.ZERO);
    }

    public PosixOptions withXattrs(boolean use) {
        return new PosixOptions(use, staleTemporaryAge);
    }

    public PosixOptions withStaleTemporaryAge(Duration age) {
        return new PosixOptions(useXattrs, age);
    }
}
