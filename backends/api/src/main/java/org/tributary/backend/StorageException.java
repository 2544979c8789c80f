package org.tributary.backend;

import java.io.IOException;

/**
 * The one exception a backend throws for conditions the client must hear about. The gateway maps each {@link Kind}
 * to exactly one HTTP status in one place; the message is a one-line reason safe to show to the client (no paths of
 * the host file system, no stack traces).
 */
public class StorageException extends IOException {

    public enum Kind {
        /** The entry does not exist (404). */
        NOT_FOUND,
        /** The target exists and the operation may not replace it (405 for MKCOL, 412 for Overwrite: F). */
        ALREADY_EXISTS,
        /** The parent collection is missing (409). */
        PARENT_MISSING,
        /** A file where a directory is needed or the reverse, or a non-empty directory (409). */
        CONFLICT,
        /** The area or the device is full, or the quota is reached (507). */
        INSUFFICIENT_STORAGE,
        /** The backend refuses (403): read-only area, permissions on disk, a symlink leading out of the area. */
        FORBIDDEN,
        /** The content does not match the checksum the client declared (400 on PUT). */
        CHECKSUM_MISMATCH,
        /** The file exists but is not on disk (tape): it must be staged first. */
        OFFLINE,
        /** The backend cannot do this at all (501). */
        UNSUPPORTED,
        /** The backend is unreachable or overloaded; the client may retry (503). */
        UNAVAILABLE
    }

    private final Kind kind;

    public StorageException(Kind kind, String reason) {
        super(reason);
        this.kind = kind;
    }

    public StorageException(Kind kind, String reason, Throwable cause) {
        super(reason, cause);
        this.kind = kind;
    }

    public Kind kind() { return kind; }

    public static StorageException notFound(AreaPath p) {
        return new StorageException(Kind.NOT_FOUND, "no such file or collection: " + p);
    }

    /**
     * A read of a file that is not on disk: the one wording every tape backend and the gateway use, so a user reads the
     * same advice whichever path led there (GET, COPY source, third-party push).
     */
    public static StorageException offline(AreaPath p, Locality where) {
        String why = switch (where) {
            case LOST -> " is lost: the only copy is on a cartridge that cannot be read";
            case UNAVAILABLE -> " is temporarily unavailable (its tape cannot be reached now)";
            case NONE -> " has no copy to read";
            default -> " is on tape only (NEARLINE): stage it first (gfal-bringonline, or a stage request to the WLCG Tape"
                    + " REST API named in /.well-known/wlcg-tape-rest-api) and read it once it is on disk";
        };
        return new StorageException(Kind.OFFLINE, p + why);
    }
}
