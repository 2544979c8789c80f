package org.tributary.backend.posix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.tributary.backend.AreaPath;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.stack.PrefixedBackend;

/**
 * The StorageBackend contract on a QoS class of a POSIX area, stacked as the gateway stacks one (issue 13): the
 * checksum layer over a {@link PrefixedBackend} view of the directory {@code /fast} of the area. The view is a backend
 * of its own: every rule holds inside it, its root included, and the hard links of the area pass through it.
 */
class PosixClassViewContractTest extends PosixChecksumStackContractTest {

    static final AreaPath CLASS_DIRECTORY = AreaPath.parse("/fast");

    @Override
    StorageBackend stack(PosixBackend backend) {
        try {
            backend.createDirectory(CLASS_DIRECTORY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return super.stack(backend, new PrefixedBackend(backend, CLASS_DIRECTORY));
    }

    /** A view has no start-up sweep of its own, by design: the owner of the shared stack sweeps it once. */
    @Override
    protected Map<String, String> knownDeviations() {
        return Map.of("theStartUpSweepRemovesWhatACrashedUploadLeft", "a class view leaves the start-up sweep to the"
                + " owner of the shared stack, which sweeps every class directory once (PrefixedBackend)");
    }

    @Override
    String areaPath(AreaPath path) {
        return path.rebase(AreaPath.ROOT, CLASS_DIRECTORY).toString();
    }
}
