package org.tributary.gateway.dav;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.ReadHandle;
import org.tributary.backend.StorageException;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.ResponseBodies;
import org.tributary.gateway.security.RequestOperations;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** GET and HEAD: files with validators, conditional requests, ranges and digests; collections as an HTML listing. */
public final class GetMethod {

    /** Files up to this size are read in one buffer and written with the headers. */
    private static final int SMALL_FILE = 64 * 1024;
    /** Read size for larger files: the biggest buffer the server's pool keeps (GatewayServer), so it is reused. */
    private static final int READ_CHUNK = 1 << 20;

    private GetMethod() { }

    public static void handle(DavExchange ex) throws IOException {
        // Open first: for a file (the hot case) the handle carries the metadata, saving a second stat and path check.
        ReadHandle handle;
        try {
            handle = ex.backend().openRead(ex.path());
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.OFFLINE) {
                nearline(ex, e);
                return;
            }
            if (e.kind() != StorageException.Kind.CONFLICT) throw e;
            handle = null;
        }
        if (handle == null) {
            EntryInfo dir = ex.stat(ex.path()).orElseThrow(() -> HttpError.notFound("no such file or collection: " + ex.path()));
            if (!dir.isDirectory()) throw new HttpError(409, "cannot be read: " + ex.path());
            collection(ex, dir);
            return;
        }
        try (ReadHandle h = handle) {
            file(ex, h);
        }
    }

    /**
     * A file whose bytes are only on tape: a HEAD answers from its metadata (size, stored checksums, where it is), so
     * gfal-stat and gfal-sum work without a recall; a GET fails at once with the reason (503, stage it first). Both
     * only after the caller is authorised, so nobody learns more about a file than a GET would tell them.
     */
    private static void nearline(DavExchange ex, StorageException offline) throws IOException {
        EntryInfo info = ex.stat(ex.path()).orElseThrow(() -> HttpError.notFound("no such file or collection: " + ex.path()));
        ex.authorize(verb(ex), RequestOperations.Target.FILE);
        if (!ex.isHead()) throw offline;
        Response resp = ex.response();
        resp.getHeaders().put("ETag", info.etag());
        resp.getHeaders().put("Last-Modified", HttpDates.format(info.modified()));
        resp.getHeaders().put(TapeProperties.HEADER, TapeProperties.srmLocality(info.locality()));
        if (Preconditions.evaluate(ex, info, true)) {
            ResponseBodies.empty(resp, 304);
            return;
        }
        addDigests(ex, info);
        resp.setStatus(200);
        resp.getHeaders().put("Content-Type", "application/octet-stream");
        resp.getHeaders().put("Content-Length", info.size());
        ResponseBodies.writeLast(resp, ByteBuffer.allocate(0));
    }

    private static RequestOperations.Verb verb(DavExchange ex) {
        return ex.isHead() ? RequestOperations.Verb.HEAD : RequestOperations.Verb.GET;
    }

    private static void collection(DavExchange ex, EntryInfo dir) throws IOException {
        ex.authorize(verb(ex), RequestOperations.Target.COLLECTION);
        Response resp = ex.response();
        if (ex.isHead()) {
            resp.setStatus(200);
            resp.getHeaders().put("Content-Type", "text/html; charset=utf-8");
            ResponseBodies.writeLast(resp, ByteBuffer.allocate(0));
        } else {
            HtmlListing.write(ex, dir);
        }
    }

    private static void file(DavExchange ex, ReadHandle h) throws IOException {
        EntryInfo info = h.info();
        Response resp = ex.response();
        ex.authorize(verb(ex), RequestOperations.Target.FILE);
        resp.getHeaders().put("ETag", info.etag());
        resp.getHeaders().put("Last-Modified", HttpDates.format(info.modified()));
        resp.getHeaders().put("Accept-Ranges", "bytes");
        if (TapeProperties.nearlineArea(ex)) {
            resp.getHeaders().put(TapeProperties.HEADER, TapeProperties.srmLocality(info.locality()));
        }
        if (Preconditions.evaluate(ex, info, true)) {
            ResponseBodies.empty(resp, 304);
            return;
        }
        addDigests(ex, info);
        long size = info.size();
        List<ByteRanges.Range> ranges = ifRangeHolds(ex, info) ? ByteRanges.parse(ex.header("Range"), size) : null;
        if (ranges != null && ranges.isEmpty()) {
            throw new HttpError(416, "requested range not satisfiable (size " + size + ")",
                    java.util.Map.of("Content-Range", "bytes */" + size));
        }
        if (ranges == null) {
            resp.setStatus(200);
            resp.getHeaders().put("Content-Type", "application/octet-stream");
            resp.getHeaders().put("Content-Length", size);
            if (ex.isHead()) {
                ResponseBodies.writeLast(resp, ByteBuffer.allocate(0));
            } else if (size <= SMALL_FILE && h.fileChannel().isPresent()) {
                sendSmallFile(ex, h.fileChannel().get(), (int) size); // headers and body in one write
            } else if (size <= SMALL_FILE) {
                ResponseBodies.writeLast(resp, readSmall(h, 0, (int) size));
            } else {
                send(resp, h, 0, size);
                ResponseBodies.writeLast(resp, ByteBuffer.allocate(0));
            }
        } else if (ranges.size() == 1) {
            ByteRanges.Range r = ranges.getFirst();
            resp.setStatus(206);
            resp.getHeaders().put("Content-Type", "application/octet-stream");
            resp.getHeaders().put("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size);
            resp.getHeaders().put("Content-Length", r.length());
            if (!ex.isHead()) send(resp, h, r.first(), r.length());
            ResponseBodies.writeLast(resp, ByteBuffer.allocate(0));
        } else {
            sendMultipart(ex, resp, h, ranges, size);
        }
    }

    private static boolean ifRangeHolds(DavExchange ex, EntryInfo info) {
        String ifRange = ex.header("If-Range");
        if (ifRange == null) return true;
        String v = ifRange.trim();
        if (v.startsWith("\"")) return v.equals(info.etag());
        var date = HttpDates.parse(v);
        return date != null && !info.modified().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).isAfter(date);
    }

    /** Digest (RFC 3230) and Repr-Digest (RFC 9530) for what the client asked, from stored values or computed once. */
    static void addDigests(DavExchange ex, EntryInfo info) throws IOException {
        Optional<DigestHeaders.Choice> want = DigestHeaders.choose(ex.header("Want-Digest"), false);
        if (want.isPresent()) {
            Optional<String> v = ex.area().checksums().checksum(info, want.get().algorithm());
            v.ifPresent(s -> ex.response().getHeaders().put("Digest", DigestHeaders.digestValue(want.get().algorithm(), s)));
        }
        Optional<DigestHeaders.Choice> repr = DigestHeaders.choose(ex.header("Want-Repr-Digest"), true);
        if (repr.isPresent()) {
            Optional<String> v = ex.area().checksums().checksum(info, repr.get().algorithm());
            v.ifPresent(s -> ex.response().getHeaders().put("Repr-Digest", DigestHeaders.reprDigestValue(repr.get(), s)));
        }
    }

    static void send(Response resp, ReadHandle h, long offset, long length) throws IOException {
        Optional<FileChannel> ch = h.fileChannel();
        if (ch.isPresent() && length > SMALL_FILE) {
            sendFromChannel(resp, ch.get(), offset, length);
            return;
        }
        if (length <= SMALL_FILE) {
            ResponseBodies.write(resp, readSmall(h, offset, (int) length));
            return;
        }
        try (InputStream in = h.stream(offset, length)) {
            byte[] b = new byte[256 * 1024];
            int n;
            while ((n = in.read(b)) > 0) {
                ResponseBodies.write(resp, ByteBuffer.wrap(b, 0, n));
                b = new byte[256 * 1024]; // the previous array may still be queued by Jetty
            }
        }
    }

    /**
     * Positional reads into one pooled direct buffer, each written (blocking) before the next read. Not a memory
     * mapping: a MappedByteBuffer is unmapped only when a garbage collection finds it, so a deleted file kept its
     * space (and its pages counted in RSS) long after the GET, and a full disk stayed full after deletes (issue 15).
     * FileChannel.map with an Arena would unmap deterministically but is preview API on Java 21, our baseline.
     */
    private static void sendFromChannel(Response resp, FileChannel ch, long offset, long length) throws IOException {
        ByteBufferPool pool = resp.getRequest().getComponents().getByteBufferPool();
        RetainableByteBuffer pooled = pool.acquire((int) Math.min(READ_CHUNK, length), true);
        try {
            ByteBuffer buf = pooled.getByteBuffer();
            long pos = offset;
            long end = offset + length;
            while (pos < end) {
                BufferUtil.clearToFill(buf);
                buf.limit((int) Math.min(buf.capacity(), end - pos));
                while (buf.hasRemaining()) {
                    if (ch.read(buf, pos + buf.position()) < 0) throw new IOException("file shrank while being read");
                }
                buf.flip();
                pos += buf.remaining();
                ResponseBodies.write(resp, buf); // returns once Jetty has consumed the buffer: safe to refill
            }
        } finally {
            pooled.release();
        }
    }

    /**
     * Reads a small file straight into a pooled direct buffer. A read into a heap buffer would make the JDK allocate
     * and zero a temporary direct buffer on every request: its per-thread cache is useless when every request runs on
     * a new virtual thread (seen in a JFR profile: Bits.setMemory and reference processing at ~10% of CPU).
     */
    private static void sendSmallFile(DavExchange ex, FileChannel ch, int size) throws IOException {
        RetainableByteBuffer pooled = ex.request().getComponents().getByteBufferPool().acquire(size, true);
        try {
            ByteBuffer buf = pooled.getByteBuffer();
            BufferUtil.clearToFill(buf);
            buf.limit(size);
            while (buf.hasRemaining()) {
                if (ch.read(buf, buf.position()) < 0) throw new IOException("file shrank while being read");
            }
            buf.flip();
            ResponseBodies.writeLast(ex.response(), buf);
        } finally {
            pooled.release();
        }
    }

    private static ByteBuffer readSmall(ReadHandle h, long offset, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        Optional<FileChannel> ch = h.fileChannel();
        if (ch.isPresent()) {
            while (buf.hasRemaining()) {
                if (ch.get().read(buf, offset + buf.position()) < 0) throw new IOException("file shrank while being read");
            }
        } else {
            try (InputStream in = h.stream(offset, length)) {
                if (in.readNBytes(buf.array(), 0, length) != length) throw new IOException("file shrank while being read");
            }
            buf.position(length);
        }
        return buf.flip();
    }

    private static void sendMultipart(DavExchange ex, Response resp, ReadHandle h, List<ByteRanges.Range> ranges, long size)
            throws IOException {
        String boundary = "tributary-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        resp.setStatus(206);
        resp.getHeaders().put("Content-Type", "multipart/byteranges; boundary=" + boundary);
        long total = 0;
        for (ByteRanges.Range r : ranges) total += partHeader(boundary, r, size).length + r.length() + 2;
        total += ("--" + boundary + "--\r\n").length();
        resp.getHeaders().put("Content-Length", total);
        if (ex.isHead()) {
            ResponseBodies.writeLast(resp, ByteBuffer.allocate(0));
            return;
        }
        for (ByteRanges.Range r : ranges) {
            ResponseBodies.write(resp, ByteBuffer.wrap(partHeader(boundary, r, size)));
            send(resp, h, r.first(), r.length());
            ResponseBodies.write(resp, ByteBuffer.wrap("\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        ResponseBodies.writeLast(resp, ByteBuffer.wrap(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] partHeader(String boundary, ByteRanges.Range r, long size) {
        return ("--" + boundary + "\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes "
                + r.first() + "-" + r.last() + "/" + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
