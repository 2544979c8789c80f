package org.tributary.backend.stack;

import org.tributary.backend.StorageBackend;
import org.tributary.backend.checksum.ChecksumAlgorithm;
import org.tributary.backend.checksum.ChecksummingBackend;
import org.tributary.backend.quota.QuotaBackend;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Builds a storage area's layers on its raw backend, in one place and one order (XrdOss-style stacking, composed from
 * the area's settings): raw backend, then quota when the area has one, then checksums on top. A new layer (staging,
 * metrics) is added here, and what it offers beyond the SPI is found from the top with
 * {@link StorageBackend#feature}, as are the features of the raw backend below it.
 *
 * <p>Quota sits right on the raw backend, so it accounts for every write and delete that reaches the storage whatever
 * the layers above do; checksums sit on top, so they digest exactly the bytes the caller sent.
 */
public final class BackendStack {

    /**
     * What the layers need to know about the area: plain values, so that this module never sees the gateway's
     * configuration types.
     *
     * @param checksums   algorithms computed on upload and stored with each file (may be empty)
     * @param quotaBytes  upper bound on stored bytes; empty for no quota layer
     * @param quotaRescan how often the quota layer measures usage from the storage again
     */
    public record Layers(List<ChecksumAlgorithm> checksums, OptionalLong quotaBytes, Duration quotaRescan) {
        public Layers {
            checksums = List.copyOf(checksums);
            Objects.requireNonNull(quotaBytes, "quotaBytes");
            if (quotaBytes.isPresent() && quotaBytes.getAsLong() <= 0) {
                throw new IllegalArgumentException("quota must be above zero bytes: " + quotaBytes.getAsLong());
            }
            if (quotaBytes.isPresent() && (quotaRescan == null || quotaRescan.isNegative() || quotaRescan.isZero())) {
                throw new IllegalArgumentException("quota rescan interval must be positive: " + quotaRescan);
            }
        }

        /** No quota, the given checksums. */
        public static Layers checksumsOnly(List<ChecksumAlgorithm> checksums) {
            return new Layers(checksums, OptionalLong.empty(), null);
        }
    }

    private BackendStack() { }

    /** The top of the stack; closing it closes every layer and the raw backend. */
    public static StorageBackend build(StorageBackend raw, Layers layers) {
        StorageBackend stack = raw;
        if (layers.quotaBytes().isPresent()) {
            stack = new QuotaBackend(stack, layers.quotaBytes().getAsLong(), layers.quotaRescan());
        }
        return new ChecksummingBackend(stack, layers.checksums());
    }
}
