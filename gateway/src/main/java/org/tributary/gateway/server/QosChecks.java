package org.tributary.gateway.server;

import org.tributary.backend.AreaPath;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.StorageException;
import org.tributary.backend.placement.Placement;
import org.tributary.backend.placement.PlacementControl;
import org.tributary.backend.placement.PlacementTarget;
import org.tributary.gateway.area.StorageArea;
import org.tributary.qos.QosClass;

import java.io.IOException;
import java.util.Optional;

/**
 * What can only be checked once an area's backend is open: that it can keep each class's placement (a POSIX area
 * keeps disk only; tape needs the tape-sim backend; a native storage class must be one the backend lists), and that
 * each class directory exists (it is created at start, as the class's namespace is the admin's declaration).
 */
final class QosChecks {

    private QosChecks() { }

    static void classFits(StorageArea view, String key) throws IOException {
        QosClass c = view.qosClass().orElseThrow();
        PlacementTarget t = c.target();
        String where = key + ": class " + c.name() + " of storage area '" + view.storageName() + "' ("
                + view.config().backend().type() + " backend)";
        Optional<PlacementControl> control = view.shared().feature(PlacementControl.class);
        if (control.isEmpty()) {
            if (t.placement() != Placement.DISK) {
                throw new IOException(where + " asks for placement " + t.placement().wireName() + ", but this backend"
                        + " keeps files on disk only; use placement: disk, or a tape-sim backend for tape classes");
            }
            if (t.storageClass().isPresent()) {
                throw new IOException(where + " names storage-class " + t.storageClass().get() + ", but this backend"
                        + " has no storage classes; remove storage-class");
            }
        } else {
            if (!control.get().supported().contains(t.placement())) {
                throw new IOException(where + " asks for placement " + t.placement().wireName() + ", which this"
                        + " backend cannot keep; it offers " + control.get().supported().stream()
                        .map(Placement::wireName).toList());
            }
            if (t.storageClass().isPresent()
                    && !control.get().storageClasses(t.placement()).contains(t.storageClass().get())) {
                throw new IOException(where + " names storage-class " + t.storageClass().get() + ", which this"
                        + " backend does not offer with placement " + t.placement().wireName() + "; it offers "
                        + control.get().storageClasses(t.placement()));
            }
        }
        createDirectories(view.shared(), c.directory());
    }

    private static void createDirectories(StorageBackend shared, AreaPath dir) throws IOException {
        AreaPath p = AreaPath.ROOT;
        for (String s : dir.segments()) {
            p = p.child(s);
            var e = shared.stat(p);
            if (e.isEmpty()) {
                try {
                    shared.createDirectory(p);
                } catch (StorageException ex) {
                    if (ex.kind() != StorageException.Kind.ALREADY_EXISTS) throw ex;
                }
            } else if (!e.get().isDirectory()) {
                throw new IOException("class directory " + dir + " of storage area: " + p + " is a file; move it"
                        + " away or give the class another directory");
            }
        }
    }
}
