package org.tributary.backend.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import org.junit.jupiter.api.Test;
import org.tributary.backend.AreaPath;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;

/** The kinds for errors the other tests cannot provoke here (tests run as root; no real full disk). */
class IoErrorsTest {

    private static final AreaPath P = AreaPath.parse("/data/run1/file.root");
    private static final String HOST = "/srv/storage/area/data/run1/file.root";

    private static StorageException mapped(IOException e) {
        IOException out = IoErrors.map(e, P);
        assertTrue(out instanceof StorageException, () -> "not mapped: " + out);
        StorageException se = (StorageException) out;
        assertFalse(se.getMessage().contains("/srv"), se.getMessage());
        assertTrue(se.getMessage().contains(P.toString()) || se.kind() == Kind.FORBIDDEN, se.getMessage());
        return se;
    }

    @Test
    void kinds() {
        assertEquals(Kind.NOT_FOUND, mapped(new NoSuchFileException(HOST)).kind());
        assertEquals(Kind.ALREADY_EXISTS, mapped(new FileAlreadyExistsException(HOST)).kind());
        assertEquals(Kind.CONFLICT, mapped(new DirectoryNotEmptyException(HOST)).kind());
        assertEquals(Kind.FORBIDDEN, mapped(new AccessDeniedException(HOST)).kind());
        assertEquals(Kind.UNSUPPORTED, mapped(new AtomicMoveNotSupportedException(HOST, "/x", "cross-device")).kind());
        assertEquals(Kind.INSUFFICIENT_STORAGE,
                mapped(new FileSystemException(HOST, null, "No space left on device")).kind());
        assertEquals(Kind.INSUFFICIENT_STORAGE, mapped(new IOException("No space left on device")).kind());
        assertEquals(Kind.INSUFFICIENT_STORAGE,
                mapped(new FileSystemException(HOST, null, "Disk quota exceeded")).kind());
        assertEquals(Kind.FORBIDDEN, mapped(new FileSystemException(HOST, null, "Read-only file system")).kind());
        assertEquals(Kind.FORBIDDEN, mapped(new FileSystemException(HOST, null, "Operation not permitted")).kind());
        assertEquals(Kind.CONFLICT, mapped(new FileSystemException(HOST, null, "Not a directory")).kind());
        assertEquals(Kind.CONFLICT, mapped(new FileSystemException(HOST, null, "Is a directory")).kind());
    }

    @Test
    void unknownErrorsStayInternal() {
        IOException e = new FileSystemException(HOST, null, "Input/output error");
        assertSame(e, IoErrors.map(e, P));
        StorageException already = new StorageException(Kind.OFFLINE, "x");
        assertSame(already, IoErrors.map(already, P));
    }
}
