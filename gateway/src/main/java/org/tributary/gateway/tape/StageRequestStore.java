package org.tributary.gateway.tape;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the Tape REST endpoint keeps its stage requests, so that they outlive a restart and, with a shared database,
 * are seen by every gateway serving the same tape area (decision 0026). Implementations are safe for concurrent use.
 * A request past its {@code expiresAt} is absent for every method, whether or not {@link #removeExpired} ran.
 * Failures of the store are {@link IOException}s (a {@code StorageException} UNAVAILABLE when the database cannot be
 * reached: the client retries after a while).
 */
public interface StageRequestStore extends AutoCloseable {

    /** Stores a new request with all its files, at once or not at all. */
    void add(StageRequest request) throws IOException;

    /** The request, unless it is unknown or expired at {@code now}. */
    Optional<StageRequest> find(String id, Instant now) throws IOException;

    /** Marks these files of the request cancelled at {@code at} (files already cancelled keep their time). */
    void cancel(String id, Collection<String> paths, Instant at) throws IOException;

    /** Forgets a request; false when it was not there. */
    boolean remove(String id) throws IOException;

    /** Forgets every request expired at {@code now}; returns how many. */
    int removeExpired(Instant now) throws IOException;

    /** Every request not expired at {@code now}, one at a time (for re-staging at start). */
    void forEachUnexpired(Instant now, Consumer<StageRequest> action) throws IOException;

    @Override
    void close() throws IOException;
}
