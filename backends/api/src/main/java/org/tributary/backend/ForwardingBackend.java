package org.tributary.backend;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Base for wrappers stacked on a backend (after XrdOssCsi): forwards every call, so a wrapper overrides only what
 * its concern touches.
 */
public abstract class ForwardingBackend implements StorageBackend {

    protected final StorageBackend delegate;

    protected ForwardingBackend(StorageBackend delegate) {
        this.delegate = delegate;
    }

    public StorageBackend delegate() { return delegate; }

    /** This layer when it is a {@code type}, else whatever the layer below answers: features pass through wrappers. */
    @Override public <T> Optional<T> feature(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : delegate.feature(type);
    }
    @Override public Optional<EntryInfo> stat(AreaPath path) throws IOException { return delegate.stat(path); }
    @Override public ReadHandle openRead(AreaPath path) throws IOException { return delegate.openRead(path); }
    @Override public PendingWrite beginWrite(AreaPath path, WriteOptions options) throws IOException {
        return delegate.beginWrite(path, options);
    }
    @Override public void createDirectory(AreaPath path) throws IOException { delegate.createDirectory(path); }
    @Override public void createDirectory(AreaPath path, Seen target) throws IOException {
        delegate.createDirectory(path, target);
    }
    @Override public void delete(AreaPath path) throws IOException { delegate.delete(path); }
    @Override public long deleteTree(AreaPath path) throws IOException { return delegate.deleteTree(path); }
    @Override public long deleteTree(AreaPath path, Seen target) throws IOException {
        return delegate.deleteTree(path, target);
    }
    @Override public void move(AreaPath from, AreaPath to, boolean replace) throws IOException {
        delegate.move(from, to, replace);
    }
    @Override public Listing list(AreaPath directory) throws IOException { return delegate.list(directory); }
    @Override public Map<String, String> attributes(AreaPath path) throws IOException { return delegate.attributes(path); }
    @Override public Map<String, String> attributes(AreaPath path, Set<String> keys) throws IOException {
        return delegate.attributes(path, keys);
    }
    @Override public void updateAttributes(AreaPath path, Map<String, String> set, Set<String> remove) throws IOException {
        delegate.updateAttributes(path, set, remove);
    }
    @Override public SpaceUsage space() throws IOException { return delegate.space(); }
    @Override public long measureUsage(AreaPath directory) throws IOException { return delegate.measureUsage(directory); }
    @Override public int cleanStaleTemporaries() throws IOException { return delegate.cleanStaleTemporaries(); }
    @Override public void close() throws IOException { delegate.close(); }
}
