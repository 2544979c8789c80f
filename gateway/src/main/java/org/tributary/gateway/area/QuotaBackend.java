package org.tributary.gateway.area;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.ForwardingBackend;
import org.tributary.backend.ForwardingPendingWrite;
import org.tributary.backend.Listing;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.SpaceUsage;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.StorageException;
import org.tributary.backend.WriteOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Enforces an area quota (RFC 4331 semantics: 507 when exceeded). Usage is counted once by walking the area at
 * start (in the background) and then kept up to date by the writes and deletes that pass through, so no request pays
 * for a tree walk. Data written behind the gateway's back is seen at the next start.
 */
public final class QuotaBackend extends ForwardingBackend {

    private final long quota;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong reserved = new AtomicLong();

    public QuotaBackend(StorageBackend delegate, long quotaBytes) {
        super(delegate);
        this.quota = quotaBytes;
        Thread.ofVirtual().name("quota-scan").start(() -> {
            try {
                used.addAndGet(walk(AreaPath.ROOT));
            } catch (IOException e) {
                System.err.println("quota: could not measure usage: " + e.getMessage());
            }
        });
    }

    private long walk(AreaPath dir) throws IOException {
        long sum = 0;
        try (Listing l = delegate.list(dir)) {
            for (EntryInfo e : l) {
                sum += e.isDirectory() ? walk(e.path()) : e.size();
            }
        }
        return sum;
    }

    private long remaining() {
        return quota - used.get() - reserved.get();
    }

    @Override
    public PendingWrite beginWrite(AreaPath path, WriteOptions options) throws IOException {
        if (options.expectedSize() > 0 && options.expectedSize() > remaining()) {
            throw full(options.expectedSize());
        }
        return new CountingWrite(delegate.beginWrite(path, options));
    }

    @Override
    public void delete(AreaPath path) throws IOException {
        Optional<EntryInfo> before = delegate.stat(path);
        delegate.delete(path);
        before.filter(EntryInfo::isFile).ifPresent(e -> used.addAndGet(-e.size()));
    }

    /** Walks, so that every deleted file is taken off the usage (a backend's bulk delete would not say how much). */
    @Override
    public long deleteTree(AreaPath path) throws IOException {
        return StorageBackend.deleteByWalking(this, delegate.stat(path).orElseThrow(() -> StorageException.notFound(path)));
    }

    @Override
    public SpaceUsage space() throws IOException {
        SpaceUsage fs = delegate.space();
        long avail = Math.max(0, quota - used.get());
        if (fs.availableBytes() >= 0) avail = Math.min(avail, fs.availableBytes());
        return new SpaceUsage(used.get(), avail);
    }

    private StorageException full(long wanted) {
        return new StorageException(StorageException.Kind.INSUFFICIENT_STORAGE,
                "quota of the storage area exceeded (" + wanted + " bytes wanted, " + Math.max(0, remaining()) + " left)");
    }

    /** Reserves quota as bytes arrive, so concurrent uploads cannot together overshoot. */
    private final class CountingWrite extends ForwardingPendingWrite {
        private long mine;
        private boolean done;

        CountingWrite(PendingWrite delegate) { super(delegate); }

        @Override
        public void write(ByteBuffer src) throws IOException {
            int n = src.remaining();
            if (n > remaining()) {
                throw full(mine + n);
            }
            reserved.addAndGet(n);
            mine += n;
            delegate.write(src);
        }

        @Override
        public CommitResult commit(Map<String, String> attributes) throws IOException {
            long previous = delegate.path().isRoot() ? 0
                    : QuotaBackend.this.delegate.stat(delegate.path()).filter(EntryInfo::isFile).map(EntryInfo::size).orElse(0L);
            CommitResult r = delegate.commit(attributes);
            release();
            used.addAndGet(r.entry().size() - (r.replaced() ? previous : 0));
            return r;
        }

        @Override
        public void abort() {
            release();
            delegate.abort();
        }

        private void release() {
            if (!done) {
                done = true;
                reserved.addAndGet(-mine);
            }
        }
    }
}
