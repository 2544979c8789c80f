package org.tributary.backend.posix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.tributary.backend.AbstractPendingWrite;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.StorageException;
import org.tributary.backend.WriteOptions;

/**
 * An upload into a hidden temporary beside its target, published by one atomic rename. Readers of the target see
 * the old file until the rename and the whole new one after; a crash leaves only a temporary, which the start-up
 * sweep removes.
 */
final class PosixPendingWrite extends AbstractPendingWrite {

    private enum State { OPEN, COMMITTED, ABORTED }

    private final PosixBackend backend;
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final WriteOptions options;
    // guards state against an abort from another thread (client gone) racing the writer's commit;
    // not synchronized, which would pin a virtual thread through the renames and fsyncs
    private final ReentrantLock lock = new ReentrantLock();
    private State state = State.OPEN;
    private long size;
    /** Test seam: runs between the data rename and the side-car install, to prove the two stay paired. */
    private volatile Runnable betweenRenames = () -> { };

    PosixPendingWrite(PosixBackend backend, AreaPath path, Path target, Path temp, FileChannel channel,
                      WriteOptions options, Begun begun) {
        super(path, begun);
        this.backend = backend;
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.options = options;
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            try {
                while (src.hasRemaining()) {
                    size += channel.write(src);
                }
            } catch (IOException e) {
                // a failed upload must not keep its bytes: on a full disk they are exactly what is missing
                discard();
                throw IoErrors.map(e, path);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String contentStamp() throws IOException {
        lock.lock();
        try {
            ensureOpen();
            BasicFileAttributes a = Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return EntryInfos.fileStamp(a.size(), a.lastModifiedTime());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CommitResult commit(Map<String, String> attributes) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            Path preparedSidecar = null;
            try {
                if (options.durable()) channel.force(true);
                channel.close();
                preparedSidecar = backend.attributeStore().attachToTemporary(
                        temp, target.getFileName().toString(), attributes, options.durable());
                // stat before the rename: afterwards the name may already hold a concurrent writer's version
                BasicFileAttributes committed = Files.readAttributes(temp, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                boolean replaced;
                try (PathLocks.Held held = backend.locks().lock(target)) {
                    backend.confinement().check(target);
                    replaced = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
                    if (Files.isDirectory(target)) throw IoErrors.conflict("is a collection: " + path);
                    if (replaced && !options.overwrite()) throw IoErrors.alreadyExists(path);
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    state = State.COMMITTED;
                    betweenRenames.run();
                    Path sidecar = preparedSidecar;
                    preparedSidecar = null;
                    AttributeStore.publishSidecar(target, sidecar);
                }
                if (options.durable()) backend.syncDirectory(target.getParent());
                EntryInfo info = EntryInfos.of(path, committed);
                return new CommitResult(info, replaced);
            } catch (NoSuchFileException e) {
                boolean temporaryGone = state == State.OPEN;
                cleanUpFailedCommit(preparedSidecar);
                if (!temporaryGone) throw e;
                // the temporary vanished with its directory, deleted or moved while the upload ran
                throw new StorageException(StorageException.Kind.CONFLICT,
                        "the collection of " + path + " was removed during the upload", e);
            } catch (IOException e) {
                cleanUpFailedCommit(preparedSidecar);
                throw IoErrors.map(e, path);
            } catch (RuntimeException e) {
                cleanUpFailedCommit(preparedSidecar);
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void abort() {
        lock.lock();
        try {
            if (state == State.OPEN) discard();
        } finally {
            lock.unlock();
        }
    }

    void betweenRenames(Runnable r) {
        betweenRenames = r;
    }

    private void cleanUpFailedCommit(Path preparedSidecar) {
        if (preparedSidecar != null) SidecarStore.deleteQuietly(preparedSidecar);
        if (state == State.OPEN) discard();
    }

    private void discard() {
        state = State.ABORTED;
        try {
            channel.close();
        } catch (IOException ignored) {
            // the descriptor is released either way
        }
        SidecarStore.deleteQuietly(temp);
    }

    private void ensureOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("upload to " + path + " is already " + state.name().toLowerCase());
        }
    }
}
