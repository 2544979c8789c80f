package org.tributary.backend.s3;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.tributary.backend.Locality;
import org.tributary.backend.placement.Placement;

/**
 * The S3 storage classes a QoS class can name, and where each keeps the bytes (issue 13 item 5). Online classes, the
 * instant-retrieval archive included, are {@link Placement#DISK}: a GET reads them at once. GLACIER (Flexible
 * Retrieval) and DEEP_ARCHIVE are {@link Placement#TAPE}: a GET fails until a RestoreObject has made a temporary
 * copy, which is what staging is on S3. S3 has no class that keeps both at once, so DISK_AND_TAPE is not offered; a
 * restored archive object is DISK_AND_TAPE for the days of its restore. Names as AWS spells them; another name is a
 * class the service's administrator made (Ceph RGW), taken as online (docs/s3.md).
 */
final class S3StorageClasses {

    /** What an object stored without a class is (AWS leaves the header out of HeadObject then). */
    static final String DEFAULT = "STANDARD";

    private static final Map<String, Placement> PLACEMENTS = new LinkedHashMap<>();

    static {
        for (String online : List.of("STANDARD", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR")) {
            PLACEMENTS.put(online, Placement.DISK);
        }
        PLACEMENTS.put("GLACIER", Placement.TAPE);
        PLACEMENTS.put("DEEP_ARCHIVE", Placement.TAPE);
    }

    private S3StorageClasses() { }

    /**
     * Refuses what cannot be a storage class name. A name this class does not know is accepted as an online class of
     * the service: Ceph RGW lets its administrator define classes of any name (each a pool); AWS refuses an unknown one
     * at the first request that names it, and that change of class is then refused UNSUPPORTED with the reason.
     */
    static void check(List<String> names) {
        if (names.isEmpty()) throw new IllegalArgumentException("must name at least one storage class, e.g. [STANDARD]");
        for (String n : names) {
            if (!n.matches("[A-Z0-9][A-Z0-9_-]{0,63}")) {
                throw new IllegalArgumentException("'" + n + "' is not a storage class name (upper-case letters, digits,"
                        + " '_', '-'); AWS names " + String.join(", ", PLACEMENTS.keySet()));
            }
        }
        if (new java.util.HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("names a storage class twice: " + names);
        }
    }

    /** The class of an object as HeadObject, GetObject or a listing spells it (absent: the default). */
    static String of(String reported) {
        return reported == null || reported.isBlank() ? DEFAULT : reported;
    }

    /** Where a class keeps the bytes; an unknown class (another service's own) is taken as online. */
    static Placement placement(String storageClass) {
        return PLACEMENTS.getOrDefault(of(storageClass), Placement.DISK);
    }

    static boolean archived(String storageClass) {
        return placement(storageClass) == Placement.TAPE;
    }

    /** The classes of {@code offered} that keep {@code placement}, in the configured order. */
    static Set<String> keeping(List<String> offered, Placement placement) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (String c : offered) if (placement(c) == placement) out.add(c);
        return out;
    }

    /** The placements {@code offered} can keep. */
    static Set<Placement> placements(List<String> offered) {
        Set<Placement> out = java.util.EnumSet.noneOf(Placement.class);
        for (String c : offered) out.add(placement(c));
        return out;
    }

    /**
     * Where an object of {@code storageClass} is, given its {@code x-amz-restore} header: an archived object is on
     * tape only until a restore has completed ({@code ongoing-request="false"}), then on both until the restored copy
     * expires.
     */
    static Locality locality(String storageClass, String restoreHeader) {
        if (!archived(storageClass)) return Locality.DISK;
        return restored(restoreHeader) ? Locality.DISK_AND_TAPE : Locality.TAPE;
    }

    static boolean restored(String restoreHeader) {
        return restoreHeader != null && restoreHeader.replace(" ", "").contains("ongoing-request=\"false\"");
    }

    static boolean restoring(String restoreHeader) {
        return restoreHeader != null && restoreHeader.replace(" ", "").contains("ongoing-request=\"true\"");
    }

}
