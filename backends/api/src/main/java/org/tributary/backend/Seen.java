package org.tributary.backend;

import java.util.Optional;

/**
 * What the caller's own {@link StorageBackend#stat} of a path found an instant before it asks the backend to change
 * that path (the gateway stats a PUT, MKCOL or DELETE target to authorise it and to answer 405/404 before anything
 * else). A backend where a look is a network request (S3) may take it instead of asking again; one where a look is
 * cheap may ignore it. It is never a promise about the future: whatever a write's commit must check again (an
 * overwrite that is not allowed, a collection made meanwhile) it still checks, and a change made between the stat and
 * the call is the same race as one made just after the call.
 */
public enum Seen {
    /** The caller did not look: the backend looks itself. */
    UNKNOWN,
    /** Nothing was at the path. */
    ABSENT,
    /** A file (or a link to one) was at the path. */
    FILE,
    /** A collection (or a link to one) was at the path. */
    DIRECTORY;

    /** The answer of a stat the caller has just made. */
    public static Seen of(Optional<EntryInfo> stat) {
        return stat.map(Seen::of).orElse(ABSENT);
    }

    public static Seen of(EntryInfo entry) {
        return entry.isDirectory() ? DIRECTORY : FILE;
    }
}
