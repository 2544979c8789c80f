package org.tributary.backend.s3;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.tributary.backend.AreaPath;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.contract.StorageBackendContract;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The StorageBackend contract against a real S3 server (s3proxy in this JVM, as {@link S3BackendTest}): every test on
 * a fresh key prefix of the one bucket, with S3's minimum part size so that an upload of one and a half parts is a
 * multipart upload with a part already in the store.
 */
class S3ContractTest extends StorageBackendContract {

    static S3Server server;

    @BeforeAll
    static void start() throws Exception {
        server = new S3Server();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** The S3 backend of a tested stack (the stack itself here; a view's backend below it in a subclass). */
    S3Backend raw(StorageBackend tested) {
        return (S3Backend) tested;
    }

    /** Where a path of the tested stack is in the area (a view of a directory shows it under that directory). */
    AreaPath areaPath(AreaPath path) {
        return path;
    }

    @Override
    protected StorageBackend openEmptyArea() throws Exception {
        return server.backend(S3BackendTest.freshPrefix());
    }

    /**
     * Closes the backend, then empties its area (objects and multipart uploads) with a client of its own: s3proxy
     * keeps everything in memory, and every test here writes megabytes.
     */
    @Override
    protected void closeArea(StorageBackend backend) throws Exception {
        S3Backend b = raw(backend);
        b.close();
        try (S3Client c = S3Backend.client(b.options)) {
            for (var page : c.listMultipartUploadsPaginator(r -> r.bucket(b.bucket).prefix(b.prefix))) {
                for (MultipartUpload u : page.uploads()) {
                    c.abortMultipartUpload(r -> r.bucket(b.bucket).key(u.key()).uploadId(u.uploadId()));
                }
            }
            for (var page : c.listObjectsV2Paginator(r -> r.bucket(b.bucket).prefix(b.prefix))) {
                List<ObjectIdentifier> keys = page.contents().stream()
                        .map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
                if (!keys.isEmpty()) c.deleteObjects(r -> r.bucket(b.bucket).delete(d -> d.objects(keys)));
            }
        }
    }

    /**
     * Every key under the prefix (data, directory markers, side-cars, upload records) and every multipart upload in
     * progress; the lease a running backend renews (OwnedUploads) is left out: it is there whatever the entries.
     */
    @Override
    protected Set<String> rawEntries(StorageBackend backend) throws Exception {
        S3Backend b = raw(backend);
        Set<String> out = new HashSet<>();
        for (var page : b.s3.listObjectsV2Paginator(r -> r.bucket(b.bucket).prefix(b.prefix))) {
            for (S3Object o : page.contents()) {
                if (!isLease(b, o.key())) out.add(o.key());
            }
        }
        for (String key : b.pendingUploads()) out.add("multipart upload of " + key);
        return out;
    }

    /**
     * The running area's own lease is rewritten in the background every quarter of the lease, whatever the test does;
     * s3proxy's filesystem store writes it through a temporary file next to it ({@code lease-<uuid>}), which a listing
     * can catch. Neither is something a write, a move or a delete left behind, so neither is part of the snapshot
     * (a CI run once failed on the temporary).
     */
    private static boolean isLease(S3Backend b, String key) {
        if (!key.startsWith(b.prefix + OwnedUploads.DIR)) return false;
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.equals("lease") || name.startsWith("lease-");
    }

    /** A gateway process on the same prefix sends a part of an upload and is gone: no commit, no abort. */
    @Override
    protected boolean leaveACrashedUpload(StorageBackend backend, AreaPath path, byte[] partial) throws Exception {
        S3Options o = raw(backend).options;
        S3Backend crashed = S3Backend.open(o, S3Backend.client(o));
        PendingWrite w = crashed.beginWrite(areaPath(path), WriteOptions.defaults());
        w.write(ByteBuffer.wrap(partial));
        crashed.close();
        return true;
    }

    /** Another S3 client PUTs the object (no directory markers: its parents are common prefixes only). */
    @Override
    protected boolean writeBehindTheBackend(StorageBackend backend, AreaPath path, byte[] content) {
        S3Backend b = raw(backend);
        b.s3.putObject(r -> r.bucket(b.bucket).key(b.key(areaPath(path))), RequestBody.fromBytes(content));
        return true;
    }

    /** The area's key prefix is no secret, but a message names area paths, never keys. */
    @Override
    protected Optional<String> storageLocation(StorageBackend backend) {
        String prefix = raw(backend).prefix;
        return prefix.isEmpty() ? Optional.empty() : Optional.of(prefix);
    }

    /**
     * Found by this suite (issue 11), reported, not fixed here: the stack helper rewrites the same methods (beginWrite,
     * ensureParent, deleteTree) in this issue. The first three show on stores that keep keys as files and directories,
     * as s3proxy's filesystem store does (the one these tests use); AWS S3 keeps the rules.
     */
    @Override
    protected Map<String, String> knownDeviations() {
        return Map.of(
                "aCollectionAndItsMembersHaveAttributesSideBySide", "the side-car of collection d is the key"
                        + " .tributary/attrs/d and those of its members are below .tributary/attrs/d/: a store that"
                        + " keeps keys as files cannot hold both (500 on the second PUT; a PUT into a collection with"
                        + " attributes commits the file, then fails on its side-car)",
                "theRootHasAttributesOfItsOwn", "the root's side-car key .tributary/attrs/ ends in '/': a store that"
                        + " keeps keys as files takes it for a directory marker and drops the content");
    }

    @Override
    protected int uploadSizeThatReachesStorage() {
        return (int) (S3Options.MIN_PART_SIZE + S3Options.MIN_PART_SIZE / 2);
    }
}
