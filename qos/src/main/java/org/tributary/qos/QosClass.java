package org.tributary.qos;

import org.tributary.backend.AreaPath;
import org.tributary.backend.placement.PlacementTarget;

import java.util.Objects;

/**
 * One QoS class of a storage area: a site label ({@code FAST}, {@code SAFE}, {@code CHEAP-ANALYSIS} ...), what it keeps
 * (a {@link PlacementTarget}), the directory of the area's storage that holds its files, and the URL prefix that
 * publishes that directory so Rucio can register the class as an RSE of its own (docs/decisions/0028).
 *
 * @param name        the label, as the admin wrote it; Rucio's {@code QOS} attribute and the CDMI class name
 * @param target      the placement (and, on S3, the native storage class) every file of the class is given
 * @param directory   where the class's files are in the area's storage (never the root)
 * @param accessPoint the normalised URL prefix of the class
 */
public record QosClass(String name, PlacementTarget target, AreaPath directory, String accessPoint) {
    public QosClass {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(accessPoint, "accessPoint");
        if (directory.isRoot()) throw new IllegalArgumentException("a class needs a directory of its own, not the root");
    }
}
