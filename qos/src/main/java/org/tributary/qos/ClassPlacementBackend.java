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
import java.util.function.Function;

/**
 * The layer that gives every file written through it the placement of its class: right after the commit, the
 * backend's {@link PlacementControl} is told the target (migrate to tape, keep on disk, S3 storage class). A class
 * view has one target for all its files; an area with classes seen through its own access points has the target of
 * the class of each path's directory (or of the default class). A file moved into another class's directory is
 * given that class's target. A backend without the feature keeps everything on disk, and a class there can only be a
 * disk class (checked at start).
 *
 * <p>The placement is set after the commit, not with it: the file exists under its name from the commit on, and a
 * crash between the two leaves it with the backend's default target, which the class's time-rule sweep sets right
 * again (the target is idempotent).
 */
public final class ClassPlacementBackend extends ForwardingBackend {

    private final Function<AreaPath, PlacementTarget> targetOf;

    /** Every file written through this layer gets {@code target} (a class view). */
    public ClassPlacementBackend(StorageBackend delegate, PlacementTarget target) {
        this(delegate, p -> target);
    }

    /** Each file gets the target of its path (an area's own access points: the class of the directory). */
    public ClassPlacementBackend(StorageBackend delegate, Function<AreaPath, PlacementTarget> targetOf) {
        super(delegate);
        this.targetOf = targetOf;
    }

    @Override public void move(AreaPath from, AreaPath to, boolean replace) throws IOException {
        delegate.move(from, to, replace);
        var placement = delegate.feature(PlacementControl.class);
        PlacementTarget t = targetOf.apply(to);
        if (placement.isEmpty() || t.equals(targetOf.apply(from))) return;
        // only a file is placed here; a collection moved across classes keeps its files' targets (docs/qos.md)
        if (delegate.stat(to).map(e -> e.isFile()).orElse(false)) placement.get().place(to, t);
    }

    @Override public PendingWrite beginWrite(AreaPath path, WriteOptions options) throws IOException {
        PendingWrite w = delegate.beginWrite(path, options);
        var placement = delegate.feature(PlacementControl.class);
        if (placement.isEmpty()) return w;
        return new ForwardingPendingWrite(w) {
            @Override public CommitResult commit(Map<String, String> attributes) throws IOException {
                CommitResult c = delegate.commit(attributes);
                placement.get().place(path, targetOf.apply(path));
                return c;
            }
        };
    }
}
