package org.tributary.backend.staging;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How far one file of a stage request has come.
 *
 * @param state    where it stands
 * @param started  when the library started working on it (mount or read), if it has
 * @param finished when it reached disk or failed, if it has
 * @param error    why it failed, one line a user can act on (only with {@link State#FAILED})
 */
public record StageProgress(State state, Optional<Instant> started, Optional<Instant> finished, Optional<String> error) {

    public enum State {
        /** Waiting for a drive. */
        QUEUED,
        /** A drive is mounting, locating or reading it. */
        RECALLING,
        /** On disk (recalled, or it never left). */
        ON_DISK,
        /** Will not reach disk: unreadable cartridge, not a file, not on this backend. */
        FAILED,
        /** The requester cancelled it. */
        CANCELLED;

        public boolean terminal() { return this == ON_DISK || this == FAILED || this == CANCELLED; }
    }

    public StageProgress {
        Objects.requireNonNull(state);
        Objects.requireNonNull(started);
        Objects.requireNonNull(finished);
        Objects.requireNonNull(error);
        if (error.isPresent() != (state == State.FAILED)) {
            throw new IllegalArgumentException("an error goes with FAILED and only with it");
        }
    }

    public static StageProgress queued() {
        return new StageProgress(State.QUEUED, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static StageProgress recalling(Instant started) {
        return new StageProgress(State.RECALLING, Optional.of(started), Optional.empty(), Optional.empty());
    }

    public static StageProgress onDisk(Instant started, Instant finished) {
        return new StageProgress(State.ON_DISK, Optional.of(started), Optional.of(finished), Optional.empty());
    }

    public static StageProgress failed(Instant started, Instant finished, String error) {
        return new StageProgress(State.FAILED, Optional.of(started), Optional.of(finished), Optional.of(error));
    }

    public static StageProgress cancelled(Instant finished) {
        return new StageProgress(State.CANCELLED, Optional.empty(), Optional.of(finished), Optional.empty());
    }
}
