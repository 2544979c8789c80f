package org.tributary.backend.s3;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

import org.tributary.backend.AreaPath;
import org.tributary.backend.StorageException;
import org.tributary.backend.staging.StageProgress;
import org.tributary.backend.staging.Staging;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link Staging} on S3: RestoreObject makes a temporary readable copy of an archived object (GLACIER,
 * DEEP_ARCHIVE) for a number of days, and HeadObject's {@code x-amz-restore} header says how far it is. S3 keeps the
 * request itself, so what was asked survives a restart of the gateway without a store of ours; a file whose restore
 * the service has no trace of (the request failed, or the copy has expired) is asked again when its progress is
 * polled, which also makes a second stage of it harmless.
 *
 * <p>A pin is the restore's length in days (at least one, rounded up): S3 extends a restore asked again with more
 * days and never shortens one. It cannot be released or cancelled: the copy expires by itself, so {@link #cancel} and
 * {@link #release} have nothing to undo. Offered only where an archive class is declared (S3Options.storageClasses).
 */
final class RestoreStaging implements Staging {

    private final S3Backend backend;

    RestoreStaging(S3Backend backend) {
        this.backend = backend;
    }

    /** Each file is asked for at once; a failure is kept for {@link #progress} to report, as the SPI wants. */
    @Override
    public void stage(String requester, Collection<AreaPath> files, Instant pinUntil) throws IOException {
        int days = days(pinUntil);
        for (AreaPath f : files) {
            Optional<HeadObjectResponse> h = backend.head(f);
            if (h.isEmpty() || !needsRestore(h.get())) continue;
            try {
                restore(f, days);
            } catch (StorageException e) {
                // reported by progress, which asks again
            }
        }
    }

    @Override
    public StageProgress progress(String requester, AreaPath file) throws IOException {
        Instant now = Instant.now();
        Optional<HeadObjectResponse> found = backend.head(file);
        if (found.isEmpty()) return StageProgress.failed(now, now, "no such file: " + file);
        HeadObjectResponse h = found.get();
        if (!S3StorageClasses.archived(h.storageClassAsString()) || S3StorageClasses.restored(h.restore())) {
            return StageProgress.onDisk(now, now);
        }
        if (S3StorageClasses.restoring(h.restore())) return StageProgress.recalling(now);
        try {
            restore(file, 1);
        } catch (StorageException e) {
            return StageProgress.failed(now, now, e.getMessage());
        }
        return StageProgress.recalling(now);
    }

    /** Nothing to cancel: S3 has no way to withdraw a restore, and its copy expires by itself. */
    @Override
    public void cancel(String requester, Collection<AreaPath> files) { }

    /** Nothing to release: the restored copy expires at the end of the days it was asked for. */
    @Override
    public void release(String requester, Collection<AreaPath> files) { }

    private static boolean needsRestore(HeadObjectResponse h) {
        return S3StorageClasses.archived(h.storageClassAsString()) && !S3StorageClasses.restored(h.restore())
                && !S3StorageClasses.restoring(h.restore());
    }

    private void restore(AreaPath file, int days) throws StorageException {
        try {
            backend.s3.restoreObject(r -> r.bucket(backend.bucket).key(backend.key(file))
                    .restoreRequest(q -> q.days(days)));
        } catch (SdkException e) {
            if (e instanceof S3Exception s && "RestoreAlreadyInProgress".equals(S3Errors.code(s))) return;
            if (e instanceof S3Exception s && s.statusCode() == 501) {
                throw new StorageException(StorageException.Kind.UNSUPPORTED, "the S3 service does not implement"
                        + " RestoreObject (HTTP 501): " + file + " cannot be staged there", e);
            }
            IOException mapped = S3Errors.map(e, "RESTORE", file);
            throw mapped instanceof StorageException s ? s
                    : new StorageException(StorageException.Kind.UNAVAILABLE, mapped.getMessage(), e);
        }
    }

    /** Days from now to {@code pinUntil}, rounded up, at least one (S3 counts a restore in whole days). */
    static int days(Instant pinUntil) {
        long seconds = Duration.between(Instant.now(), pinUntil).toSeconds();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (seconds + 86_399) / 86_400));
    }
}
