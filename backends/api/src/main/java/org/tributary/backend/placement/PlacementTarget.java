package org.tributary.backend.placement;

import java.util.Objects;
import java.util.Optional;

/**
 * What one file should be kept as: a {@link Placement}, and for backends with storage classes of their own (S3:
 * STANDARD, STANDARD_IA, GLACIER ...) the native class name. A backend without native classes ignores
 * {@code storageClass}; the gateway only passes one the backend listed in {@link PlacementControl#storageClasses}.
 */
public record PlacementTarget(Placement placement, Optional<String> storageClass) {
    public PlacementTarget {
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(storageClass, "storageClass");
    }

    public static PlacementTarget of(Placement placement) {
        return new PlacementTarget(placement, Optional.empty());
    }
}
