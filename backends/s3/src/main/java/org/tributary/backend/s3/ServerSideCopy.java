package org.tributary.backend.s3;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.placement.SharedCopy;

import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * {@link SharedCopy} on S3: a server-side CopyObject (UploadPartCopy above 5 GiB, as a move copies), so the bytes
 * never pass through the gateway; the copy keeps the source's storage class, and the source's side-car of attributes
 * is written for the new name. CopyObject publishes the new object whole, as a PUT does; the side-car follows it, as
 * after an upload.
 *
 * <p>A checksum stored for the source is bound to its ETag (the change stamp). A single CopyObject keeps the ETag of
 * an object uploaded in one PUT; a multipart copy, or a copy of a multipart object, gives a new one. Values equal to
 * the source's stamp are therefore rewritten to the copy's ETag, as an upload's commit substitutes the ETag S3
 * really gave (S3PendingWrite): the bytes are the same, so the checksums still describe them.
 *
 * <p>An archived object (GLACIER, DEEP_ARCHIVE) that is not restored cannot be copied on AWS: OFFLINE, stage it first.
 */
record ServerSideCopy(S3Backend backend) implements SharedCopy {

    @Override
    public EntryInfo share(AreaPath from, AreaPath to, WriteOptions options) throws IOException {
        if (from.isRoot() || to.isRoot()) {
            throw new StorageException(Kind.CONFLICT, "the root collection cannot be shared or replaced as a file");
        }
        if (from.equals(to)) throw new StorageException(Kind.CONFLICT, "source and destination are the same: " + from);
        Optional<HeadObjectResponse> found = backend.head(from);
        if (found.isEmpty()) {
            if (backend.listedDir(from).isPresent()) {
                throw new StorageException(Kind.CONFLICT, "a collection cannot be shared as a file: " + from);
            }
            throw StorageException.notFound(from);
        }
        HeadObjectResponse source = found.get();
        EntryInfo info = backend.fileInfo(from, source);
        if (!info.locality().online()) throw StorageException.offline(from, info.locality());
        boolean replacing = checkTarget(to, options);
        String etag = backend.copyObject(backend.key(from), backend.key(to), info.size(), from,
                source.storageClassAsString());
        String oldStamp = S3Backend.stamp(source.eTag());
        String newStamp = S3Backend.stamp(etag);
        Map<String, String> attributes = S3Backend.rebindStamp(backend.readSidecar(from).orElse(Map.of()), oldStamp,
                newStamp);
        if (!attributes.isEmpty() || replacing) backend.writeSidecar(to, attributes);
        return backend.fileInfo(to, info.size(), Instant.now(), newStamp.isEmpty() ? oldStamp : newStamp,
                info.locality());
    }

    /** The checks of a write's begin (beginWrite's): returns whether a file is there to replace. */
    private boolean checkTarget(AreaPath to, WriteOptions options) throws IOException {
        Optional<EntryInfo> there = backend.stat(to);
        if (there.isPresent() && there.get().isDirectory()) {
            throw new StorageException(Kind.CONFLICT, "a collection exists at " + to);
        }
        if (there.isPresent() && !options.overwrite()) throw new StorageException(Kind.ALREADY_EXISTS, "file exists: " + to);
        backend.ensureParent(to, options.createParents());
        return there.isPresent();
    }
}
