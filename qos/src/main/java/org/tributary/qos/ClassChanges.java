package org.tributary.qos;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.StorageException;
import org.tributary.backend.placement.PlacementControl;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Changing the class of one file in place (a CDMI request, a time rule) and reading where a file stands. Both work on
 * the area's shared storage and its paths ({@code StorageArea.shared()}, {@code toShared}), because a class change
 * is a property of the file, whichever access point it is seen through.
 *
 * <p>A change records the class in the file's {@link AreaClasses#OVERRIDE_KEY} attribute (removed when the class is
 * the one of the file's directory) and hands the class's placement to the backend, which works towards it in the
 * background; the change is complete when {@link FileClass#held()}.
 */
public final class ClassChanges {

    /**
     * Where one file stands.
     *
     * @param assigned the file's class
     * @param held     whether its placement holds now (e.g. the tape copy of a disk+tape class exists)
     * @param entry    the file as stat saw it
     */
    public record FileClass(QosClass assigned, boolean held, EntryInfo entry) { }

    private ClassChanges() { }

    /** The class of a file and whether it holds. Fails NOT_FOUND, CONFLICT (a collection). */
    public static FileClass status(StorageBackend shared, AreaClasses classes, AreaPath file) throws IOException {
        EntryInfo e = fileAt(shared, file);
        Map<String, String> attrs = shared.attributes(file, Set.of(AreaClasses.OVERRIDE_KEY));
        QosClass c = classes.classOf(file, attrs);
        return new FileClass(c, c.target().placement().heldBy(e.locality()), e);
    }

    /** Gives a file the class {@code to}; returns at once (the backend moves the bytes in the background). */
    public static void change(StorageBackend shared, AreaClasses classes, AreaPath file, QosClass to)
            throws IOException {
        fileAt(shared, file);
        QosClass natural = classes.directoryClass(file).orElse(classes.defaultClass());
        if (to.equals(natural)) {
            shared.updateAttributes(file, Map.of(), Set.of(AreaClasses.OVERRIDE_KEY));
        } else {
            shared.updateAttributes(file, Map.of(AreaClasses.OVERRIDE_KEY, to.name()), Set.of());
        }
        var control = shared.feature(PlacementControl.class);
        if (control.isPresent()) {
            control.get().place(file, to.target());
        } else if (to.target().placement().onTape()) {
            // start-up refuses tape classes on such a backend; reaching here means the caller built classes by hand
            throw new StorageException(StorageException.Kind.UNSUPPORTED, "this storage keeps files on disk only");
        }
    }

    private static EntryInfo fileAt(StorageBackend shared, AreaPath file) throws IOException {
        EntryInfo e = shared.stat(file).orElseThrow(() -> StorageException.notFound(file));
        if (!e.isFile()) {
            throw new StorageException(StorageException.Kind.CONFLICT, file + " is a collection; a QoS class belongs"
                    + " to each file");
        }
        return e;
    }
}
