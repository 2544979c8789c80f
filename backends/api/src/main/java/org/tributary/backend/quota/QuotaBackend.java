package org.tributary.backend.quota;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.ForwardingBackend;
import org.tributary.backend.ForwardingPendingWrite;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.Seen;
import org.tributary.backend.SpaceUsage;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.StorageException;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.placement.SharedCopy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Enforces an area quota (RFC 4331 semantics: 507 when exceeded). Usage is measured from the storage
 * ({@link StorageBackend#measureUsage}: links not followed) in the background at start and then every
 * {@code rescan} interval, and the writes and deletes that pass through are added in between, so no request pays for
 * a tree walk. Re-measuring is what makes the figure true when other gateways write to the same root or files are
 * deleted behind the gateway's back: the in-process count alone would drift for ever.
 *
 * <p>Usage is {@code offset + delta}: {@code delta} counts this process's changes, and a measurement that found
 * {@code size} bytes while {@code delta} stood at {@code d} when it started sets {@code offset = size - d}. Changes
 * made while a walk runs are kept in {@code delta}; they may be counted twice or once until the next measurement,
 * which starts from the storage again, so errors never accumulate.
 */
public final class QuotaBackend extends ForwardingBackend {

    private static final System.Logger LOG = System.getLogger(QuotaBackend.class.getName());

    private final long quota;
    private final AtomicLong delta = new AtomicLong();
    private volatile long offset;
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicLong measurements = new AtomicLong();
    private final Thread rescans;

    public QuotaBackend(StorageBackend delegate, long quotaBytes, Duration rescan) {
        super(delegate);
        this.quota = quotaBytes;
        this.rescans = Thread.ofVirtual().name("quota-rescan").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    rescan();
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "quota: could not measure usage: " + e.getMessage());
                }
                try {
                    Thread.sleep(rescan);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Measures usage from the storage now (the background thread calls it every interval). */
    public synchronized void rescan() throws IOException {
        long before = delta.get();
        long size = delegate.measureUsage(AreaPath.ROOT);
        offset = size - before;
        measurements.incrementAndGet();
    }

    /** How many measurements have completed (for tests). */
    public long measurements() { return measurements.get(); }

    private long used() {
        return Math.max(0, offset + delta.get());
    }

    private long remaining() {
        return quota - used() - reserved.get();
    }

    /**
     * A shared copy is a new name holding the file's bytes, as far as the quota goes: the measurement counts each name
     * in full, and on S3 it really is a second object. So this layer answers for it: it refuses a copy the quota has
     * no room for (507) and counts one it made, as it does a write.
     */
    @Override
    public <T> Optional<T> feature(Class<T> type) {
        if (type == SharedCopy.class) {
            return delegate.feature(SharedCopy.class).map(s -> type.cast((SharedCopy) (from, to, options) -> {
                EntryInfo source = delegate.stat(from).orElseThrow(() -> StorageException.notFound(from));
                long size = heldBy(source);
                long previous = options.overwrite() ? delegate.stat(to).map(QuotaBackend::heldBy).orElse(0L) : 0;
                if (size - previous > remaining()) throw full(size);
                reserved.addAndGet(size);
                try {
                    EntryInfo made = s.share(from, to, options);
                    delta.addAndGet(made.size() - previous);
                    return made;
                } finally {
                    reserved.addAndGet(-size);
                }
            }));
        }
        return super.feature(type);
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
        before.ifPresent(e -> delta.addAndGet(-heldBy(e)));
    }

    /** A replacing move frees what the target held (issue 15 item 10: the backend replaces it, nobody deletes it). */
    @Override
    public void move(AreaPath from, AreaPath to, boolean replace) throws IOException {
        Optional<EntryInfo> target = replace ? delegate.stat(to) : Optional.empty();
        long bytes = target.isEmpty() ? 0 : target.get().isWalkableDirectory()
                ? delegate.measureUsage(to) : heldBy(target.get());
        delegate.move(from, to, replace);
        delta.addAndGet(-bytes);
    }

    /** A link holds no data of its own: deleting it frees nothing, whatever it points to. */
    private static long heldBy(EntryInfo e) {
        return e.isFile() && !e.isLink() ? e.size() : 0;
    }

    /**
     * The backend deletes the tree its own way (a link is an entry, never descended: issue 15 item 1); what it held is
     * measured the same way just before, and taken off the usage. Entries added below it meanwhile are corrected by
     * the next measurement.
     */
    @Override
    public long deleteTree(AreaPath path) throws IOException {
        EntryInfo e = delegate.stat(path).orElseThrow(() -> StorageException.notFound(path));
        long bytes = e.isWalkableDirectory() ? delegate.measureUsage(path) : heldBy(e);
        long n = delegate.deleteTree(path, Seen.of(e)); // the backend need not look again
        delta.addAndGet(-bytes);
        return n;
    }

    /** What the caller saw does not tell the size: this layer looks itself, as above. */
    @Override
    public long deleteTree(AreaPath path, Seen target) throws IOException {
        return deleteTree(path);
    }

    @Override
    public SpaceUsage space() throws IOException {
        SpaceUsage fs = delegate.space();
        long used = used();
        long avail = Math.max(0, quota - used);
        if (fs.availableBytes() >= 0) avail = Math.min(avail, fs.availableBytes());
        return new SpaceUsage(used, avail);
    }

    @Override
    public void close() throws IOException {
        rescans.interrupt();
        super.close();
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
            delta.addAndGet(r.entry().size() - (r.replaced() ? previous : 0));
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
