package org.tributary.backend.posix;

import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks over entry paths. A commit is two renames (data, then side-car) and an attribute update is a
 * read-modify-write of the side-car; without a lock, two gateway threads on one path could pair one writer's data
 * with the other's side-car. ReentrantLock rather than synchronized: it does not pin virtual threads.
 * Striping bounds memory; an unrelated path sharing a stripe only waits for a few renames.
 */
final class PathLocks {

    private final ReentrantLock[] stripes;

    PathLocks(int count) {
        stripes = new ReentrantLock[count];
        for (int i = 0; i < count; i++) stripes[i] = new ReentrantLock();
    }

    /** Locks the stripe of {@code p}. Use with try-with-resources. */
    Held lock(Path p) {
        ReentrantLock l = stripes[index(p)];
        l.lock();
        return l::unlock;
    }

    /** Locks the stripes of both paths in a fixed order, so two moves in opposite directions cannot deadlock. */
    Held lock(Path a, Path b) {
        int i = index(a);
        int j = index(b);
        if (i == j) return lock(a);
        ReentrantLock first = stripes[Math.min(i, j)];
        ReentrantLock second = stripes[Math.max(i, j)];
        first.lock();
        try {
            second.lock();
        } catch (RuntimeException | Error e) {
            first.unlock();
            throw e;
        }
        return () -> {
            second.unlock();
            first.unlock();
        };
    }

    private int index(Path p) {
        return Math.floorMod(p.hashCode() * 0x9E3779B9, stripes.length);
    }

    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
