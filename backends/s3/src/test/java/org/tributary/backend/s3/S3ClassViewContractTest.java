package org.tributary.backend.s3;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.tributary.backend.AreaPath;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.checksum.ChecksumAlgorithm;
import org.tributary.backend.checksum.ChecksummingBackend;
import org.tributary.backend.stack.PrefixedBackend;

/**
 * The StorageBackend contract on a QoS class of an S3 area, stacked as the gateway stacks one (issue 13): the checksum
 * layer over a {@link PrefixedBackend} view of the collection {@code /fast}. Every rule holds inside the view, its
 * root included, and the server-side copies of the area pass through it.
 */
class S3ClassViewContractTest extends S3ContractTest {

    static final AreaPath CLASS_DIRECTORY = AreaPath.parse("/fast");

    private final Map<StorageBackend, S3Backend> below = new ConcurrentHashMap<>();

    @Override
    protected StorageBackend openEmptyArea() throws Exception {
        S3Backend b = (S3Backend) super.openEmptyArea();
        b.createDirectory(CLASS_DIRECTORY);
        StorageBackend tested = new ChecksummingBackend(new PrefixedBackend(b, CLASS_DIRECTORY),
                List.of(ChecksumAlgorithm.ADLER32, ChecksumAlgorithm.MD5));
        below.put(tested, b);
        return tested;
    }

    @Override
    protected void closeArea(StorageBackend backend) throws Exception {
        super.closeArea(backend);
        below.remove(backend);
    }

    @Override
    S3Backend raw(StorageBackend tested) {
        return below.get(tested);
    }

    @Override
    AreaPath areaPath(AreaPath path) {
        return path.rebase(AreaPath.ROOT, CLASS_DIRECTORY);
    }

    @Override
    protected boolean isLayerAttribute(String key) {
        return key.startsWith("tributary.checksum.");
    }

    @Override
    protected boolean verifiesDeclaredDigests() {
        return true;
    }

    /**
     * The S3 deviations, and the sweep a view leaves to the owner of the shared stack (PrefixedBackend). Under the
     * checksum layer every file has a side-car, so the side-car nesting of S3ContractTest's first deviation (a
     * collection's side-car is a key, its members' are below it) shows in every rule that gives a collection
     * attributes and files in it: on s3proxy's filesystem store only, AWS keeps the rules. Not new with the view.
     */
    @Override
    protected Map<String, String> knownDeviations() {
        Map<String, String> out = new HashMap<>(super.knownDeviations());
        String nesting = "a collection with attributes and members with checksums need the keys .tributary/attrs/d and"
                + " .tributary/attrs/d/f side by side, which a store that keeps keys as files cannot hold (see"
                + " aCollectionAndItsMembersHaveAttributesSideBySide)";
        for (String rule : List.of("aCollectionHasAttributesOfItsOwn", "aMovedCollectionKeepsItsOwnAttributes",
                "replaceMovesTheSourceOverAnyTarget")) {
            out.put(rule, nesting);
        }
        out.put("theStartUpSweepRemovesWhatACrashedUploadLeft", "a class view leaves the start-up sweep to the owner"
                + " of the shared stack, which sweeps every class directory once (PrefixedBackend)");
        return out;
    }
}
