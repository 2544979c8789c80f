package org.tributary.gateway.tape;

import org.tributary.backend.AreaPath;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One stage request as the store keeps it: what the client asked, where each path leads, and what the client did to
 * it since. How far each file has come is the backend's to say ({@code Staging.progress}); only what the backend cannot
 * know is kept here: a path that leads nowhere, and the client's cancel.
 *
 * @param id        the request id (a random UUID), also the requester the backend knows
 * @param createdAt when it was accepted
 * @param expiresAt when it is forgotten (a poll then answers 404)
 * @param files     one entry per distinct path, in submission order
 */
public record StageRequest(String id, Instant createdAt, Instant expiresAt, List<File> files) {

    public StageRequest {
        Objects.requireNonNull(id);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(expiresAt);
        files = List.copyOf(files);
    }

    /**
     * One file of a request.
     *
     * @param path        the path as the client wrote it (duplicate slashes collapsed): answers echo it, so the client
     *                    can match them (SPECS §2.1)
     * @param area        the storage area it leads into; empty when it leads into none (then {@code error} says so)
     * @param areaPath    the path inside that area; null without an area
     * @param pinUntil    how long the client wants it on disk
     * @param error       why it will not be staged, known at submission (no area, no tape there); empty otherwise
     * @param cancelledAt when the client cancelled it; empty while it has not
     */
    public record File(String path, Optional<String> area, AreaPath areaPath, Instant pinUntil, Optional<String> error,
                       Optional<Instant> cancelledAt) {

        public File {
            Objects.requireNonNull(path);
            Objects.requireNonNull(area);
            Objects.requireNonNull(pinUntil);
            Objects.requireNonNull(error);
            Objects.requireNonNull(cancelledAt);
            if (area.isPresent() != (areaPath != null)) throw new IllegalArgumentException("area and areaPath go together");
        }

        /** Whether the backend is asked about it (it leads into an area, nothing refused it, nobody cancelled it). */
        public boolean staged() {
            return area.isPresent() && error.isEmpty() && cancelledAt.isEmpty();
        }
    }
}
