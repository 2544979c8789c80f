package org.tributary.backend.tape.library;

import org.tributary.backend.StorageException;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One process drives a library. Its drives, robot and recall queue live in the backend object; a second process on the
 * same library directory would run drives of its own on the same cartridges and append to them behind the first one's
 * back. So opening a tape area takes an exclusive lock on {@code library.lock} (an OS file lock: released when the
 * process dies, so a crash never leaves it held), and a second opener is refused at start with the holder's pid.
 * Several gateways in front of one tape area share stage requests through PostgreSQL, not the library.
 */
public record LibraryLock(FileChannel channel, FileLock lock) implements Closeable {

    public static LibraryLock take(Path libraryDir) throws IOException {
        Path file = libraryDir.resolve("library.lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM holds it already: another area (or server) has the same library open
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(ch);
            ch.close();
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "the tape library " + libraryDir
                    + " is in use by another process" + holder + "; one process drives a library (give each tape area"
                    + " a library directory of its own)");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        return new LibraryLock(ch, lock);
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            String pid = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
            return pid.isEmpty() ? "" : " (pid " + pid + ")";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
