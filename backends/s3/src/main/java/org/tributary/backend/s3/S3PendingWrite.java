package org.tributary.backend.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

import org.tributary.backend.AbstractPendingWrite;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.WriteOptions;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * An upload to S3. Bytes collect in a buffer of at most one part; a file that ends before the buffer is full goes in
 * one PutObject at commit. Otherwise a multipart upload is started and each full buffer is sent as a part on a virtual
 * thread, with at most {@link S3Options#partsInFlight()} parts in flight: the writer blocks when they are all busy, so
 * memory stays at (partsInFlight + 1) × partSize whatever the file size. Each part carries its Content-MD5.
 *
 * <p>Nothing is visible before {@link #commit}: CompleteMultipartUpload (or the single PutObject) publishes the
 * object, then the side-car with the attributes is written. {@link #abort} (also on any failure) aborts the multipart
 * upload, so neither a partial object nor its parts stay behind.
 *
 * <p>{@link #contentStamp()} is the ETag S3 will give the object, predicted the way S3 computes it for unencrypted
 * objects: the hex MD5 of the content, or for multipart the MD5 of the parts' MD5s followed by "-" and the part count.
 * If the server computes it differently (e.g. SSE-KMS), commit substitutes the real ETag for the predicted one in
 * the attributes it stores, so stamps bound to this content still match.
 */
final class S3PendingWrite extends AbstractPendingWrite {

    private static final int MAX_PARTS = 10_000;
    private static final int FIRST_BUFFER = 64 * 1024;

    private final S3Backend backend;
    private final String key;
    private final WriteOptions opts;
    private final long partSize;
    private final Semaphore slots;
    private final List<CompletableFuture<Part>> parts = new ArrayList<>();

    private byte[] buf;
    private int bufLen;
    /** A finished part's buffer, reused for the next part instead of allocating. */
    private final java.util.concurrent.atomic.AtomicReference<byte[]> spare = new java.util.concurrent.atomic.AtomicReference<>();
    private long size;
    private String uploadId;
    private String stamp;
    private boolean finished;

    private record Part(int number, String etag, byte[] md5) { }

    S3PendingWrite(S3Backend backend, AreaPath path, String key, WriteOptions opts, Begun begun) {
        super(path, begun);
        this.backend = backend;
        this.key = key;
        this.opts = opts;
        long ps = backend.options.partSize();
        // Keep within S3's 10,000 parts when the size is declared.
        if (opts.expectedSize() > 0) ps = Math.max(ps, (opts.expectedSize() + MAX_PARTS - 1) / MAX_PARTS);
        this.partSize = Math.min(ps, S3Options.MAX_PART_SIZE);
        this.slots = new Semaphore(backend.options.partsInFlight());
        long first = opts.expectedSize() >= 0 ? Math.min(opts.expectedSize() + 1, partSize) : Math.min(FIRST_BUFFER, partSize);
        this.buf = new byte[(int) Math.max(1, Math.min(first, Integer.MAX_VALUE - 8))];
    }

    @Override
    public long size() { return size; }

    @Override
    public void write(ByteBuffer src) throws IOException {
        if (finished) throw new IOException("upload already finished: " + path);
        if (stamp != null) throw new IllegalStateException("write after contentStamp()");
        checkParts();
        while (src.hasRemaining()) {
            if (bufLen == buf.length) {
                if (buf.length < partSize) {
                    buf = java.util.Arrays.copyOf(buf, (int) Math.min(partSize, Math.max(2L * buf.length, FIRST_BUFFER)));
                } else {
                    sendPart();
                }
            }
            int n = Math.min(src.remaining(), buf.length - bufLen);
            src.get(buf, bufLen, n);
            bufLen += n;
            size += n;
        }
    }

    /** Sends the full buffer as the next part and continues in another buffer. */
    private void sendPart() throws IOException {
        try {
            if (uploadId == null) {
                // a new version of a file keeps the file's storage class (PlacementControl: the target is the path's)
                String keep = begun().targetExisted() && backend.offersStorageClasses()
                        ? backend.head(path).map(h -> keptClass(h.storageClassAsString())).orElse(null) : null;
                uploadId = backend.s3.createMultipartUpload(r -> r.bucket(backend.bucket).key(key)
                        .contentType("application/octet-stream").storageClass(keep)).uploadId();
                backend.owned.started(uploadId);
            }
        } catch (SdkException e) {
            fail();
            throw S3Errors.map(e, "PUT", path);
        }
        int number = parts.size() + 1;
        if (number > MAX_PARTS) {
            fail();
            throw new StorageException(Kind.INSUFFICIENT_STORAGE, "file too large for part-size " + partSize
                    + " (S3 allows 10000 parts); raise part-size or send Content-Length");
        }
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail();
            throw new IOException("interrupted while waiting for a part upload slot", e);
        }
        byte[] data = buf;
        int len = bufLen;
        String id = uploadId;
        byte[] reuse = spare.getAndSet(null);
        buf = reuse != null && reuse.length == partSize ? reuse : new byte[(int) partSize];
        bufLen = 0;
        parts.add(CompletableFuture.supplyAsync(() -> {
            try {
                byte[] md5 = md5(data, len);
                var resp = backend.retryingResets(() -> backend.s3.uploadPart(r -> r.bucket(backend.bucket).key(key)
                                .uploadId(id).partNumber(number)
                                .contentLength((long) len).contentMD5(Base64.getEncoder().encodeToString(md5)),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, len), len,
                                "application/octet-stream")));
                return new Part(number, resp.eTag(), md5);
            } finally {
                if (data.length == partSize) spare.compareAndSet(null, data);
                slots.release();
            }
        }, backend.uploads));
    }

    /** Fails fast when a part already failed (no need to stream the rest of the file first). */
    private void checkParts() throws IOException {
        for (CompletableFuture<Part> f : parts) {
            if (f.isCompletedExceptionally()) {
                join(f);
            }
        }
    }

    private Part join(CompletableFuture<Part> f) throws IOException {
        try {
            return f.join();
        } catch (CompletionException | CancellationException e) {
            fail();
            Throwable c = e.getCause() == null ? e : e.getCause();
            if (c instanceof SdkException s) throw S3Errors.map(s, "PUT part of", path);
            throw S3Errors.transport(c, "PUT part of");
        }
    }

    @Override
    public String contentStamp() throws IOException {
        if (stamp != null) return stamp;
        if (finished) throw new IOException("upload already finished: " + path);
        if (uploadId == null) {
            stamp = HexFormat.of().formatHex(md5(buf, bufLen));
            return stamp;
        }
        if (bufLen > 0) sendPart();
        MessageDigest all = newMd5();
        for (CompletableFuture<Part> f : parts) all.update(join(f).md5());
        stamp = HexFormat.of().formatHex(all.digest()) + "-" + parts.size();
        return stamp;
    }

    @Override
    public synchronized CommitResult commit(Map<String, String> attributes) throws IOException {
        if (finished) throw new IOException("upload already finished: " + path);
        String predicted = contentStamp();
        boolean replaced;
        String etag;
        try {
            // Asked again, not taken from begun(): the upload may have lasted long enough for anything to happen. A
            // collection made meanwhile through a gateway has its marker (one HeadObject); keys put below the name by
            // another S3 client are the race S3 offers no way to close (no conditional writes everywhere).
            Optional<HeadObjectResponse> old = backend.head(path);
            replaced = old.isPresent();
            String keep = old.map(h -> keptClass(h.storageClassAsString())).orElse(null);
            if (replaced && !opts.overwrite()) throw new StorageException(Kind.ALREADY_EXISTS, "file exists: " + path);
            if (!replaced && backend.markerExists(path)) {
                throw new StorageException(Kind.CONFLICT, "a collection exists at " + path);
            }
            if (uploadId == null) {
                byte[] data = buf;
                int len = bufLen;
                String md5 = Base64.getEncoder().encodeToString(md5(data, len));
                etag = backend.retryingResets(() -> backend.s3.putObject(r -> r.bucket(backend.bucket).key(key)
                                .contentLength((long) len).contentMD5(md5).contentType("application/octet-stream")
                                .storageClass(keep),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, len), len,
                                "application/octet-stream"))).eTag();
            } else {
                List<CompletedPart> done = new ArrayList<>(parts.size());
                for (CompletableFuture<Part> f : parts) {
                    Part p = join(f);
                    done.add(CompletedPart.builder().partNumber(p.number()).eTag(p.etag()).build());
                }
                etag = backend.s3.completeMultipartUpload(r -> r.bucket(backend.bucket).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(done))).eTag();
            }
        } catch (SdkException e) {
            abort();
            throw S3Errors.map(e, "PUT", path);
        } catch (java.io.UncheckedIOException e) {
            abort();
            throw S3Errors.transport(e, "PUT");
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
        finished = true;
        if (uploadId != null) backend.owned.ended(uploadId);
        release();
        String actual = S3Backend.stamp(etag);
        Map<String, String> attrs = S3Backend.rebindStamp(attributes, predicted, actual);
        if (!attrs.isEmpty() || replaced) backend.writeSidecar(path, attrs);
        EntryInfo info = backend.fileInfo(path, size, Instant.now(), actual.isEmpty() ? predicted : actual);
        return new CommitResult(info, replaced);
    }

    /** The class to give a new version of a file of {@code storageClass}: none for the default (nothing is sent). */
    private static String keptClass(String storageClass) {
        String c = S3StorageClasses.of(storageClass);
        return c.equals(S3StorageClasses.DEFAULT) ? null : c;
    }

    /** Marks the upload failed and cleans up; later calls see it finished. */
    private void fail() {
        abort();
    }

    @Override
    public void abort() {
        synchronized (this) {
            if (finished) return;
            finished = true;
        }
        // Let the parts in flight end first: a part that lands after AbortMultipartUpload could otherwise linger.
        for (CompletableFuture<Part> f : parts) {
            try {
                f.join();
            } catch (RuntimeException ignored) {
                // failed parts are what we are cleaning up after
            }
        }
        if (uploadId != null) {
            try {
                backend.abortUpload(key, uploadId);
                backend.owned.ended(uploadId);
            } catch (SdkException e) {
                // S3 unreachable: aborted by the sweep when S3 answers again, or at the next start (OwnedUploads)
                backend.owned.abandoned(uploadId);
            }
        }
        release();
    }

    private void release() {
        buf = new byte[0];
        bufLen = 0;
        spare.set(null);
    }

    static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] md5(byte[] data, int len) {
        MessageDigest d = newMd5();
        d.update(data, 0, len);
        return d.digest();
    }
}
