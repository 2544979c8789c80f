package org.tributary.backend.tape.library;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks by area path, held only around the short steps that swap what a buffer file is: a commit (rename and
 * catalogue row), an eviction (catalogue, then truncation to the stub) and the end of a recall (bytes into the stub,
 * then the catalogue). Without them an eviction or a recall that looked at the old version could truncate or
 * overwrite a new version a PUT renamed into place a moment before. A delete or a move of one file holds them too, so
 * an eviction or a recall never puts a file back under a name that just went. Never held while waiting for space or a
 * drive.
 */
public final class PathStripes {

    private final ReentrantLock[] locks = new ReentrantLock[64];

    public PathStripes() {
        for (int i = 0; i < locks.length; i++) locks[i] = new ReentrantLock();
    }

    /** Locks the stripe of {@code path}; close to unlock (try-with-resources). */
    public Held lock(String path) {
        ReentrantLock l = locks[Math.floorMod(path.hashCode(), locks.length)];
        l.lock();
        return l::unlock;
    }

    /**
     * Locks the stripe of {@code path} if no other thread holds it; null when one does. For a caller that holds a lock a
     * stripe holder may be waiting for (eviction holds the buffer's space lock, which a commit or a recall takes while
     * holding its stripe): waiting there would deadlock.
     */
    public Held tryLock(String path) {
        ReentrantLock l = locks[Math.floorMod(path.hashCode(), locks.length)];
        return l.tryLock() ? l::unlock : null;
    }

    /** Locks the stripes of two paths (a shared copy, a move) in one order, so two such calls never deadlock. */
    public Held lock(String a, String b) {
        int i = Math.floorMod(a.hashCode(), locks.length);
        int j = Math.floorMod(b.hashCode(), locks.length);
        ReentrantLock first = locks[Math.min(i, j)];
        ReentrantLock second = locks[Math.max(i, j)];
        first.lock();
        second.lock();
        return () -> {
            second.unlock();
            first.unlock();
        };
    }

    /** A held stripe. */
    @FunctionalInterface
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
