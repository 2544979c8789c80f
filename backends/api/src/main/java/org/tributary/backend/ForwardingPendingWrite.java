package org.tributary.backend;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

/** Base for wrappers around an upload in progress. */
public abstract class ForwardingPendingWrite implements PendingWrite {

    protected final PendingWrite delegate;

    protected ForwardingPendingWrite(PendingWrite delegate) {
        this.delegate = delegate;
    }

    @Override public AreaPath path() { return delegate.path(); }
    @Override public Begun begun() { return delegate.begun(); }
    @Override public void write(ByteBuffer src) throws IOException { delegate.write(src); }
    @Override public long size() { return delegate.size(); }
    @Override public String contentStamp() throws IOException { return delegate.contentStamp(); }
    @Override public CommitResult commit(Map<String, String> attributes) throws IOException {
        return delegate.commit(attributes);
    }
    @Override public void abort() { delegate.abort(); }
}
