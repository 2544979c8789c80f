package org.tributary.backend;

/**
 * What every backend's {@link PendingWrite} holds from its begin: the path being written and what the begin found and
 * did ({@link Begun}). The backend adds how the bytes travel and how they are committed.
 */
public abstract class AbstractPendingWrite implements PendingWrite {

    protected final AreaPath path;
    private final Begun begun;

    protected AbstractPendingWrite(AreaPath path, Begun begun) {
        this.path = path;
        this.begun = begun;
    }

    @Override
    public final AreaPath path() { return path; }

    @Override
    public final Begun begun() { return begun; }
}
