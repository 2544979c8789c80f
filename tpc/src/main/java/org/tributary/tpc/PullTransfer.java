package org.tributary.tpc;

import org.eclipse.jetty.client.Response;
import org.tributary.backend.AreaPath;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.StorageException;
import org.tributary.backend.WriteOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pull: GET from the source, write locally through the same safe-write path as PUT ({@link StorageBackend#beginWrite}
 * on the area's stack, so checksums are computed while streaming, the data lands in a hidden temporary, is made
 * durable and renamed into place by {@link PendingWrite#commit}). When verification is required the source's adler32
 * (from its answer to {@code Want-Digest: adler32}) is handed to the write as an expected digest, and commit fails on
 * a mismatch. Any failure aborts the write, which removes the temporary.
 *
 * <p><b>Multi-stream</b> (X-Number-Of-Streams &gt; 1): a HEAD gives size, range support and the digest; then N workers
 * take fixed-size chunks in increasing order and fetch each with a ranged GET over the shared client (N connections to
 * the source). Each worker owns one chunk buffer; this thread writes the chunks strictly in order into the one
 * pending write, so the checksum is still computed in a single streaming pass and no re-read is needed. Memory per
 * transfer is bounded by streams × chunk size. Sources without ranges or small files fall back to one stream.
 */
public final class PullTransfer extends Transfer {

    private final WriteOptions base;
    private final Map<String, String> attributes;

    /** @param base the area's write options (durability); size, overwrite and digests are filled in here */
    public PullTransfer(TpcClient client, TransferSpec spec, StorageBackend backend, AreaPath path, WriteOptions base) {
        this(client, spec, backend, path, base, Map.of());
    }

    /** @param attributes committed with the file (the request's ArchiveMetadata) */
    public PullTransfer(TpcClient client, TransferSpec spec, StorageBackend backend, AreaPath path, WriteOptions base,
                        Map<String, String> attributes) {
        super(client, spec, "source", backend, path);
        this.base = base;
        this.attributes = Map.copyOf(attributes);
    }

    @Override
    public void run() throws IOException, InterruptedException {
        int streams = Math.min(Math.max(1, spec.streams()), client.settings().maxStreams());
        if (streams > 1 && runMultiStream(streams)) return;
        runSingleStream();
    }

    private Map<String, String> requestHeaders() {
        Map<String, String> h = new LinkedHashMap<>(spec.headers());
        h.put("Want-Digest", "adler32");
        return h;
    }

    private WriteOptions options(long size, Optional<String> digest) throws TpcException {
        if (spec.verifyChecksum() && digest.isEmpty()) {
            throw new TpcException("checksum verification was required but the source sent no adler32 digest"
                    + " (asked with Want-Digest: adler32)");
        }
        Map<String, String> expected = spec.verifyChecksum() ? Map.of("adler32", digest.get()) : Map.of();
        return new WriteOptions(size, spec.overwrite(), false, base.durable(), expected);
    }

    private void runSingleStream() throws IOException, InterruptedException {
        try (Opened o = open("GET", spec.remote(), requestHeaders(), null)) {
            if (o.status() != 200) throw remoteFailure(o);
            long length = o.response().getHeaders().getLongField("Content-Length");
            expectSize(length);
            WriteOptions opts = options(length, adler32(o.response().getHeaders()));
            try (PendingWrite w = backend.beginWrite(path, opts)) {
                byte[] buf = new byte[BUFFER];
                InputStream in = o.body();
                while (true) {
                    checkCancelled();
                    int n;
                    try {
                        n = in.read(buf);
                    } catch (IOException e) {
                        checkCancelled();
                        throw new TpcException(FailureReason.reading(role, e, bytesTransferred()), e);
                    }
                    if (n < 0) break;
                    w.write(ByteBuffer.wrap(buf, 0, n));
                    addBytes(0, n);
                }
                if (length >= 0 && w.size() != length) {
                    throw new TpcException("the source sent " + w.size() + " of " + length + " bytes");
                }
                checkCancelled();
                commit(w);
            }
        }
    }

    private void commit(PendingWrite w) throws IOException {
        try {
            w.commit(attributes);
            // the source's adler32 was the write's expected digest (options): the commit compared them
            if (spec.verifyChecksum()) checksumsMatched();
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.CHECKSUM_MISMATCH) {
                throw new TpcException("checksum verification failed: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** Returns false when the source cannot do ranges (or the file is small): the caller then uses one stream. */
    private boolean runMultiStream(int wanted) throws IOException, InterruptedException {
        long size;
        Optional<String> digest;
        java.net.URI target;
        try (Opened head = open("HEAD", spec.remote(), requestHeaders(), null)) {
            if (head.status() != 200) throw remoteFailure(head);
            Response r = head.response();
            size = r.getHeaders().getLongField("Content-Length");
            String ranges = r.getHeaders().get("Accept-Ranges");
            if (size < 0 || ranges == null || !ranges.toLowerCase(java.util.Locale.ROOT).contains("bytes")) return false;
            digest = adler32(r.getHeaders());
            target = head.uri();
        }
        expectSize(size);
        int chunk = client.settings().streamChunk();
        long chunks = (size + chunk - 1) / chunk;
        if (chunks < 2) return false;
        int streams = (int) Math.min(wanted, chunks);
        setStripes(streams);
        WriteOptions opts = options(size, digest);
        Map<String, String> headers = new LinkedHashMap<>(spec.headers());
        if (!Transfer.origin(target).equals(Transfer.origin(spec.remote()))) {
            headers.keySet().removeIf(k -> k.equalsIgnoreCase("Authorization"));
        }

        ReentrantLock lock = new ReentrantLock();
        Condition changed = lock.newCondition();
        Map<Long, Filled> ready = new java.util.HashMap<>();
        AtomicLong nextChunk = new AtomicLong();
        AtomicReference<IOException> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        try (PendingWrite w = backend.beginWrite(path, opts)) {
            for (int k = 0; k < streams; k++) {
                int stripe = k;
                workers.add(Thread.ofVirtual().name("tpc-stream-" + k).start(() -> {
                    byte[] buf = new byte[chunk];
                    Semaphore consumed = new Semaphore(0);
                    try {
                        while (true) {
                            long idx = nextChunk.getAndIncrement();
                            if (idx >= chunks || failure.get() != null) return;
                            long from = idx * chunk;
                            int len = (int) Math.min(chunk, size - from);
                            fetchRange(target, headers, from, len, buf, stripe);
                            lock.lock();
                            try {
                                ready.put(idx, new Filled(buf, len, consumed));
                                changed.signalAll();
                            } finally {
                                lock.unlock();
                            }
                            consumed.acquire();
                        }
                    } catch (IOException e) {
                        failure.compareAndSet(null, e);
                    } catch (InterruptedException e) {
                        failure.compareAndSet(null, new TpcException("cancelled"));
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, new TpcException("stream " + stripe + " of the pull failed", e));
                    } finally {
                        lock.lock();
                        try {
                            changed.signalAll();
                        } finally {
                            lock.unlock();
                        }
                    }
                }));
            }
            try {
                for (long i = 0; i < chunks; i++) {
                    Filled f;
                    lock.lock();
                    try {
                        while ((f = ready.remove(i)) == null) {
                            if (failure.get() != null) throw failure.get();
                            checkCancelled();
                            changed.await(1, java.util.concurrent.TimeUnit.SECONDS);
                        }
                    } finally {
                        lock.unlock();
                    }
                    w.write(ByteBuffer.wrap(f.buf, 0, f.len));
                    f.consumed.release();
                }
                checkCancelled();
                commit(w);
            } finally {
                if (failure.get() == null) failure.compareAndSet(null, new TpcException("finished"));
                cancelIfFailed(workers);
            }
        }
        return true;
    }

    private void cancelIfFailed(List<Thread> workers) throws InterruptedException {
        for (Thread t : workers) t.interrupt();
        for (Thread t : workers) t.join(5000);
    }

    private record Filled(byte[] buf, int len, Semaphore consumed) { }

    private void fetchRange(java.net.URI uri, Map<String, String> headers, long from, int len, byte[] buf, int stripe)
            throws IOException, InterruptedException {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Range", "bytes=" + from + "-" + (from + len - 1));
        try (Opened o = open("GET", uri, h, null)) {
            if (o.status() != 206) {
                if (o.status() == 200) throw new TpcException("the source ignored a Range request in a multi-stream pull");
                throw remoteFailure(o);
            }
            String cr = o.response().getHeaders().get("Content-Range");
            if (cr == null || !cr.trim().startsWith("bytes " + from + "-")) {
                throw new TpcException("the source answered range " + from + " with Content-Range "
                        + FailureReason.quoted(cr));
            }
            InputStream in = o.body();
            int off = 0;
            while (off < len) {
                checkCancelled();
                int n;
                try {
                    n = in.read(buf, off, len - off);
                } catch (IOException e) {
                    checkCancelled();
                    throw new TpcException(FailureReason.reading(role, e, bytesTransferred()), e);
                }
                if (n < 0) throw new TpcException("the source ended range " + from + " after " + off + " of " + len + " bytes");
                off += n;
                addBytes(stripe, n);
            }
        }
    }
}
