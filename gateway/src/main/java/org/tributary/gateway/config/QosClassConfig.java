package org.tributary.gateway.config;

import org.tributary.backend.AreaPath;
import org.tributary.backend.placement.Placement;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One QoS class of a storage area, as configured (docs/configuration.md, "QoS classes").
 *
 * @param name         the site's label (FAST, SAFE, CHEAP-ANALYSIS): letters, digits and - . _ (it appears in CDMI
 *                     URLs and as Rucio's QOS attribute)
 * @param placement    disk, disk+tape or tape
 * @param storageClass the backend's own class for it (S3: STANDARD_IA, GLACIER ...), if any
 * @param accessPoint  the URL prefix that publishes the class (normalised, see {@link AccessPoint})
 * @param directory    where its files are in the area's storage; null takes the default (see {@link QosConfig})
 */
public record QosClassConfig(String name, Placement placement, Optional<String> storageClass, String accessPoint,
                             AreaPath directory) {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    static final Pattern STORAGE_CLASS = Pattern.compile("[A-Z][A-Z0-9_]*");

    public QosClassConfig {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ConfigProblem("name", (name == null ? "is required" : "'" + name + "' is not allowed")
                    + "; use letters, digits, '.', '_' and '-', e.g. name: SAFE");
        }
        if (placement == null) {
            throw new ConfigProblem("placement", "is required; use disk, disk+tape or tape");
        }
        if (storageClass == null) storageClass = Optional.empty();
        if (storageClass.isPresent() && !STORAGE_CLASS.matcher(storageClass.get()).matches()) {
            throw new ConfigProblem("storage-class", "'" + storageClass.get() + "' is not a storage class name;"
                    + " write it as the service spells it, e.g. STANDARD_IA or GLACIER");
        }
        if (accessPoint == null) {
            throw new ConfigProblem("access-point", "is required: the URL prefix Rucio registers as this class's RSE,"
                    + " e.g. access-point: /" + name.toLowerCase(java.util.Locale.ROOT));
        }
        try {
            accessPoint = AccessPoint.normalise(accessPoint);
        } catch (IllegalArgumentException e) {
            throw new ConfigProblem("access-point", e.getMessage());
        }
        if (directory != null) {
            if (directory.isRoot()) {
                throw new ConfigProblem("directory", "'/' is not allowed; a class keeps its files in a directory of"
                        + " its own, e.g. directory: /" + name);
            }
        }
    }

    /** This class with its directory decided. */
    QosClassConfig withDirectory(AreaPath d) {
        return new QosClassConfig(name, placement, storageClass, accessPoint, d);
    }
}
