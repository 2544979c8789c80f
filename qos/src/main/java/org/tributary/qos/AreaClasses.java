package org.tributary.qos;

import org.tributary.backend.AreaPath;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The QoS classes of one storage area and the rule that says which class a file is in: the class named by the file's
 * {@link #OVERRIDE_KEY} attribute (a transition asked for by CDMI or made by a time rule), else the class whose
 * directory holds it, else the area's default class. Paths here are paths of the area's shared storage (the plain
 * access point's), not of a class view.
 */
public record AreaClasses(List<QosClass> classes, QosClass defaultClass) {

    /** The attribute holding a file's class when it differs from its directory's (the class name). */
    public static final String OVERRIDE_KEY = "tributary.qos-class";

    public AreaClasses {
        classes = List.copyOf(classes);
        Objects.requireNonNull(defaultClass, "defaultClass");
        if (!classes.contains(defaultClass)) throw new IllegalArgumentException("the default class must be a class");
    }

    public Optional<QosClass> byName(String name) {
        return classes.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The class whose directory holds {@code path}, if any. */
    public Optional<QosClass> directoryClass(AreaPath path) {
        return classes.stream().filter(c -> path.startsWith(c.directory())).findFirst();
    }

    /** The class of the file at {@code path} whose attributes are {@code attributes}. */
    public QosClass classOf(AreaPath path, Map<String, String> attributes) {
        String override = attributes.get(OVERRIDE_KEY);
        if (override != null) {
            Optional<QosClass> c = byName(override);
            if (c.isPresent()) return c.get();
        }
        return directoryClass(path).orElse(defaultClass);
    }
}
