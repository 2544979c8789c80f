package org.tributary.backend;

import java.io.IOException;

/**
 * A backend feature ({@link StorageBackend#feature}): asks the storage behind a backend whether it answers, with one
 * cheap request, for the gateway's readiness check. Only a backend whose {@link StorageBackend#stat stat} of the root
 * does not reach its storage offers it (S3 answers the root from memory; its probe is a HeadBucket); for the others a
 * stat of the root is the probe.
 */
@FunctionalInterface
public interface Reachability {

    /** Returns when the storage answered; throws, with the reason, when it did not or refused. */
    void probe() throws IOException;
}
