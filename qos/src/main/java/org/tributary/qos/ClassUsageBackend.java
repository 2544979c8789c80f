package org.tributary.qos;

import org.tributary.backend.AreaPath;
import org.tributary.backend.ForwardingBackend;
import org.tributary.backend.ForwardingPendingWrite;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.SpaceUsage;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.WriteOptions;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The layer of a class view that answers {@link #space()} for the class: bytes used are those below the class
 * directory ({@link StorageBackend#measureUsage}), bytes available are the area's (the classes of an area share its
 * storage and its quota). It feeds RFC 4331 {@code quota-used-bytes} of a class's collections and the class's share
 * in the SRR document (docs/qos.md, "Reporting").
 *
 * <p>Usage is measured in the background, never on the request that asks: when {@link #measure} is first called (the
 * gateway does once the class directory exists) or space is first asked for, then when the last measurement
 * is older than {@code refresh}, or sooner (at most every {@link #MIN_GAP}) after a write, delete or move through
 * this view. The answer is the last measurement: files that reach the class another way (the area's own access
 * point, an in-place copy on the shared stack) show at the next refresh. Until the first measurement ends, usage is
 * unknown (-1), and PROPFIND leaves the property out, as RFC 4331 allows.
 */
public final class ClassUsageBackend extends ForwardingBackend {

    private static final System.Logger LOG = System.getLogger(ClassUsageBackend.class.getName());
    /** Changes through the view trigger a measurement at most this often (one walk of the directory each). */
    static final Duration MIN_GAP = Duration.ofSeconds(1);
    /**
     * ... and never sooner than this many times the last walk took, so a class of millions of files under steady
     * writes and quota polls is walked at most a tenth of the time, while a small one stays up to date within a second.
     */
    static final int GAP_PER_WALK = 10;

    private final long refreshNanos;
    private final AtomicBoolean measuring = new AtomicBoolean();
    private volatile long used = -1;
    private volatile long startedAt;
    private volatile boolean changed;
    private volatile long lastWalkNanos;

    public ClassUsageBackend(StorageBackend delegate, Duration refresh) {
        super(delegate);
        this.refreshNanos = refresh.toNanos();
        this.startedAt = System.nanoTime() - refreshNanos; // never measured: the first question starts it
    }

    @Override
    public SpaceUsage space() throws IOException {
        SpaceUsage area = delegate.space();
        long age = System.nanoTime() - startedAt;
        long gap = Math.max(MIN_GAP.toNanos(), GAP_PER_WALK * lastWalkNanos);
        if (age >= refreshNanos || (changed && age >= gap)) measure();
        return new SpaceUsage(used, area.availableBytes());
    }

    /** Starts a measurement in the background unless one is running. */
    public void measure() {
        if (!measuring.compareAndSet(false, true)) return;
        changed = false;
        startedAt = System.nanoTime();
        Thread.ofVirtual().name("class-usage").start(() -> {
            long t0 = System.nanoTime();
            try {
                used = delegate.measureUsage(AreaPath.ROOT);
                lastWalkNanos = System.nanoTime() - t0;
            } catch (IOException | RuntimeException e) {
                changed = true; // try again at the next question
                LOG.log(System.Logger.Level.WARNING, "class usage: could not measure: " + e.getMessage());
            } finally {
                measuring.set(false);
            }
        });
    }

    @Override
    public PendingWrite beginWrite(AreaPath path, WriteOptions options) throws IOException {
        return new ForwardingPendingWrite(delegate.beginWrite(path, options)) {
            @Override
            public CommitResult commit(Map<String, String> attributes) throws IOException {
                CommitResult c = delegate.commit(attributes);
                changed = true;
                return c;
            }
        };
    }

    @Override
    public void delete(AreaPath path) throws IOException {
        delegate.delete(path);
        changed = true;
    }

    @Override
    public long deleteTree(AreaPath path) throws IOException {
        long n = delegate.deleteTree(path);
        changed = true;
        return n;
    }

    @Override
    public long deleteTree(AreaPath path, org.tributary.backend.Seen target) throws IOException {
        long n = delegate.deleteTree(path, target);
        changed = true;
        return n;
    }

    @Override
    public void move(AreaPath from, AreaPath to, boolean replace) throws IOException {
        delegate.move(from, to, replace);
        changed = true;
    }
}
