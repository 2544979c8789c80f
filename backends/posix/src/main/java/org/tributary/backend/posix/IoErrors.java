package org.tributary.backend.posix;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

import org.tributary.backend.AreaPath;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;

/**
 * Turns java.nio's exceptions into {@link StorageException}s whose messages name only the area path: the JDK's
 * messages carry host paths, which must not reach a client.
 */
final class IoErrors {

    static final String OUTSIDE = "path leads outside the storage area";

    private IoErrors() { }

    static StorageException outside() {
        return new StorageException(Kind.FORBIDDEN, OUTSIDE);
    }

    static StorageException conflict(String reason) {
        return new StorageException(Kind.CONFLICT, reason);
    }

    static StorageException parentMissing(AreaPath p) {
        return new StorageException(Kind.PARENT_MISSING, "parent collection does not exist: " + p.parent());
    }

    static StorageException alreadyExists(AreaPath p) {
        return new StorageException(Kind.ALREADY_EXISTS, "already exists: " + p);
    }

    static StorageException full(AreaPath p, Throwable cause) {
        return new StorageException(Kind.INSUFFICIENT_STORAGE, "not enough space to store " + p, cause);
    }

    /** Disk full or quota reached, whichever way the file system or the JDK says it (Jimfs has its own words). */
    static boolean isNoSpace(IOException e) {
        String m = reason(e);
        if (m == null) return false;
        m = m.toLowerCase(Locale.ROOT);
        return m.contains("no space left") || m.contains("disk quota exceeded") || m.contains("out of disk space");
    }

    /**
     * The kind-specific StorageException for {@code e}, or {@code e} itself when it is an internal error (the gateway
     * answers 500 without showing the message).
     */
    static IOException map(IOException e, AreaPath p) {
        if (e instanceof StorageException) return e;
        if (isNoSpace(e)) return full(p, e);
        if (e instanceof NoSuchFileException) return withCause(StorageException.notFound(p), e);
        if (e instanceof FileAlreadyExistsException) return withCause(alreadyExists(p), e);
        if (e instanceof DirectoryNotEmptyException) {
            return new StorageException(Kind.CONFLICT, "collection is not empty: " + p, e);
        }
        if (e instanceof NotDirectoryException) {
            return new StorageException(Kind.CONFLICT, "a file is in the way of " + p, e);
        }
        if (e instanceof AccessDeniedException) {
            return new StorageException(Kind.FORBIDDEN, "permission denied by the storage for " + p, e);
        }
        if (e instanceof AtomicMoveNotSupportedException) {
            return new StorageException(Kind.UNSUPPORTED, "cannot rename across file systems: " + p, e);
        }
        String m = reason(e);
        if (m != null) {
            String lm = m.toLowerCase(Locale.ROOT);
            if (lm.contains("read-only file system")) {
                return new StorageException(Kind.FORBIDDEN, "the storage is read-only", e);
            }
            if (lm.contains("not a directory")) {
                return new StorageException(Kind.CONFLICT, "a file is in the way of " + p, e);
            }
            if (lm.contains("is a directory")) {
                return new StorageException(Kind.CONFLICT, "is a collection: " + p, e);
            }
            if (lm.contains("operation not permitted") || lm.contains("permission denied")) {
                return new StorageException(Kind.FORBIDDEN, "permission denied by the storage for " + p, e);
            }
            if (lm.contains("file name too long")) {
                return new StorageException(Kind.FORBIDDEN, "name too long for the storage: " + p, e);
            }
        }
        return e;
    }

    private static StorageException withCause(StorageException se, Throwable cause) {
        se.initCause(cause);
        return se;
    }

    private static String reason(IOException e) {
        return e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.getMessage();
    }
}
