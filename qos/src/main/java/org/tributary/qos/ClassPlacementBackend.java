package org.tributary.qos;

import org.tributary.backend.AreaPath;
import org.tributary.backend.ForwardingBackend;
import org.tributary.backend.ForwardingPendingWrite;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.placement.PlacementControl;
import org.tributary.backend.placement.PlacementTarget;

import java.io.IOException;
import java.util.Map;

/**
 * The layer of a class view that gives every file written through it the class's placement: right after the commit,
 * the backend's {@link PlacementControl} is told the target (migrate to tape, keep on disk, S3 storage class). A
 * backend without the feature keeps everything on disk, and a class there can only be a disk class (checked at start).
 *
 * <p>The placement is set after the commit, not with it: the file exists under its name from the commit on, and a
 * crash between the two leaves it with the backend's default target, which the class's time-rule sweep sets right
 * again (the target is idempotent).
 */
public final class ClassPlacementBackend extends ForwardingBackend {

    private final PlacementTarget target;

    public ClassPlacementBackend(StorageBackend delegate, PlacementTarget target) {
        super(delegate);
        this.target = target;
    }

    public PlacementTarget target() { return target; }

    @Override public PendingWrite beginWrite(AreaPath path, WriteOptions options) throws IOException {
        PendingWrite w = delegate.beginWrite(path, options);
        var placement = delegate.feature(PlacementControl.class);
        if (placement.isEmpty()) return w;
        return new ForwardingPendingWrite(w) {
            @Override public CommitResult commit(Map<String, String> attributes) throws IOException {
                CommitResult c = delegate.commit(attributes);
                placement.get().place(path, target);
                return c;
            }
        };
    }
}
