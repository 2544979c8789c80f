package org.tributary.backend.s3;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.tributary.backend.AreaPath;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.placement.Placement;
import org.tributary.backend.placement.PlacementControl;
import org.tributary.backend.placement.PlacementTarget;

import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link PlacementControl} on S3: the target of a file is its object's storage class, so it is recorded where S3
 * keeps it (durable, and carried by a move, kept by a rewrite: see S3Backend) and read back with a HeadObject. A
 * change of class is a CopyObject of the object onto itself with the new class (MetadataDirective COPY), which is how
 * AWS documents it; a lifecycle rule of the bucket may change it later too, and {@link #target} then reports that.
 *
 * <p>Only the classes {@link S3Options#storageClasses()} declares are offered. A service that answers the copy but
 * does not keep the class (s3proxy gives every copy STANDARD) is found out by the HeadObject after it, and the change
 * is refused UNSUPPORTED with the reason rather than reported done. An archived object that is not restored cannot be
 * copied: it must be staged (RestoreObject) before its class changes.
 */
final class StorageClassPlacement implements PlacementControl {

    private final S3Backend backend;

    StorageClassPlacement(S3Backend backend) {
        this.backend = backend;
    }

    @Override
    public Set<Placement> supported() {
        return S3StorageClasses.placements(backend.options.storageClasses());
    }

    @Override
    public Set<String> storageClasses(Placement placement) {
        return S3StorageClasses.keeping(backend.options.storageClasses(), placement);
    }

    @Override
    public void place(AreaPath file, PlacementTarget target) throws IOException {
        String wanted = storageClass(target);
        HeadObjectResponse h = object(file);
        String current = S3StorageClasses.of(h.storageClassAsString());
        if (current.equals(wanted)) return;
        if (S3StorageClasses.archived(current) && !S3StorageClasses.restored(h.restore())) {
            throw new StorageException(Kind.OFFLINE, file + " is in the archive class " + current
                    + ": stage it first (RestoreObject), then change its class to " + wanted);
        }
        String etag;
        try {
            etag = backend.copyObject(backend.key(file), backend.key(file), h.contentLength(), file, wanted);
        } catch (IOException e) {
            if (e.getCause() instanceof S3Exception s && (s.statusCode() == 400 || s.statusCode() == 501)) {
                throw refused(file, wanted, "it refused CopyObject onto the object itself, HTTP " + s.statusCode(), e);
            }
            throw e;
        }
        String kept = S3StorageClasses.of(object(file).storageClassAsString());
        if (!kept.equals(wanted)) throw refused(file, wanted, "the copy came back as " + kept, null);
        rebindStamps(file, S3Backend.stamp(h.eTag()), S3Backend.stamp(etag));
    }

    @Override
    public PlacementTarget target(AreaPath file) throws IOException {
        String current = S3StorageClasses.of(object(file).storageClassAsString());
        return new PlacementTarget(S3StorageClasses.placement(current), Optional.of(current));
    }

    /** The class to keep {@code target} with: the one it names, or the first declared class of its placement. */
    private String storageClass(PlacementTarget target) throws StorageException {
        Set<String> offered = storageClasses(target.placement());
        if (offered.isEmpty()) {
            throw new StorageException(Kind.UNSUPPORTED, "this S3 area keeps no " + target.placement().wireName()
                    + " placement (storage-classes: " + String.join(", ", backend.options.storageClasses()) + ")");
        }
        if (target.storageClass().isEmpty()) return offered.iterator().next();
        String named = target.storageClass().get();
        if (!offered.contains(named)) {
            throw new StorageException(Kind.UNSUPPORTED, "storage class " + named + " is not one this S3 area offers for "
                    + target.placement().wireName() + " (" + String.join(", ", offered) + ")");
        }
        return named;
    }

    private HeadObjectResponse object(AreaPath file) throws IOException {
        Optional<HeadObjectResponse> h = backend.head(file);
        if (h.isPresent()) return h.get();
        if (backend.listedDir(file).isPresent()) {
            throw new StorageException(Kind.CONFLICT, "a collection has no storage class: " + file);
        }
        throw StorageException.notFound(file);
    }

    private static StorageException refused(AreaPath file, String wanted, String why, Throwable cause) {
        return new StorageException(Kind.UNSUPPORTED, "the S3 service did not change the class of " + file + " to "
                + wanted + " (" + why + "); declare in storage-classes only classes it keeps", cause);
    }

    /** A copy of a multipart object gets a new ETag: stored values bound to the old one follow (see ServerSideCopy). */
    private void rebindStamps(AreaPath file, String oldStamp, String newStamp) throws IOException {
        if (newStamp.isEmpty() || newStamp.equals(oldStamp)) return;
        Optional<Map<String, String>> attrs = backend.readSidecar(file);
        if (attrs.isEmpty()) return;
        Map<String, String> rebound = S3Backend.rebindStamp(attrs.get(), oldStamp, newStamp);
        if (rebound != attrs.get()) backend.writeSidecar(file, rebound);
    }
}
