package org.tributary.gateway.security;

/**
 * What a request does to one path, at the granularity WLCG token scopes need (SPECS §3.2): creating new data and
 * modifying existing data are different rights, and so is reading metadata vs content.
 */
public enum Operation {
    /** Size, checksum, locality (HEAD, PROPFIND Depth 0). */
    STAT,
    /** File content (GET) or a collection listing (PROPFIND Depth 1). */
    READ,
    /** A new file or collection where nothing exists yet. */
    CREATE,
    /** Overwrite, truncate, metadata change of an existing entry. */
    MODIFY,
    /** Removal. */
    DELETE,
    /**
     * The source of a MOVE: removed from its place. Like DELETE, except that WLCG tokens may also rename within
     * their storage.create scopes (SPECS §3.2; the target then needs CREATE, i.e. it must not exist).
     */
    RENAME,
    /**
     * Bring a file from tape to disk and keep it there (Tape REST stage, cancel, delete, release; SPECS §2.5). It
     * changes no data, so a read-only area allows it; it takes drive time and disk space, so anonymous callers need
     * an area open for anonymous writes, or a policy rule with the {@code stage} action.
     */
    STAGE,
    /** Ask where a file is and how a stage request stands (Tape REST poll and archiveinfo): a stat for the tape API. */
    POLL;

    public boolean isWrite() { return this == CREATE || this == MODIFY || this == DELETE || this == RENAME; }
}
