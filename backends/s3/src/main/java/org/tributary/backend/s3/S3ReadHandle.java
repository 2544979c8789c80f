package org.tributary.backend.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

import org.tributary.backend.EntryInfo;
import org.tributary.backend.ReadHandle;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An object opened for reading. The first bytes came with the open (all of a small file, see
 * {@link S3Backend#OPEN_WINDOW}) and are served from memory; any other range is one ranged GetObject, conditional on
 * the ETag seen at open (If-Match), so every range comes from the same version even if the object is replaced
 * meanwhile.
 */
final class S3ReadHandle implements ReadHandle {

    private final S3Backend backend;
    private final EntryInfo info;
    private final String key;
    private final String etag;
    private final byte[] first;

    S3ReadHandle(S3Backend backend, EntryInfo info, String key, byte[] first) {
        this.backend = backend;
        this.info = info;
        this.key = key;
        this.etag = info.changeStamp().isEmpty() ? null : "\"" + info.changeStamp() + "\"";
        this.first = first;
    }

    @Override
    public EntryInfo info() { return info; }

    @Override
    public InputStream stream(long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > info.size()) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside 0.." + info.size());
        }
        if (length == 0) return InputStream.nullInputStream();
        if (offset + length <= first.length) return new ByteArrayInputStream(first, (int) offset, (int) length);
        if (offset < first.length) {
            int held = first.length - (int) offset;
            return new SequenceInputStream(new ByteArrayInputStream(first, (int) offset, held), get(first.length, length - held));
        }
        return get(offset, length);
    }

    private InputStream get(long offset, long length) throws IOException {
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        try {
            return backend.s3.getObject(r -> {
                r.bucket(backend.bucket).key(key).range(range);
                if (etag != null) r.ifMatch(etag);
            });
        } catch (SdkException e) {
            if (e instanceof S3Exception s && s.statusCode() == 412) {
                throw new StorageException(Kind.UNAVAILABLE, "file replaced while being read: " + info.path(), e);
            }
            throw S3Errors.map(e, "GET", info.path());
        }
    }

    @Override
    public void close() { }
}
