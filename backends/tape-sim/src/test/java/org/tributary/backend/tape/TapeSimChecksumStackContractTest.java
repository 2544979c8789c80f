package org.tributary.backend.tape;

import org.tributary.backend.StorageBackend;
import org.tributary.backend.checksum.ChecksumAlgorithm;
import org.tributary.backend.checksum.ChecksummingBackend;

import java.util.List;

/**
 * The StorageBackend contract through the checksum layer over the tape area, as the gateway stacks it: the offline
 * rule then also covers the stored checksums of a file on tape (served without a recall), and migration verifies
 * each file against them.
 */
class TapeSimChecksumStackContractTest extends TapeSimContractTest {

    @Override
    StorageBackend stack(TapeSimBackend backend) {
        return new ChecksummingBackend(backend, List.of(ChecksumAlgorithm.ADLER32, ChecksumAlgorithm.MD5));
    }

    @Override
    protected boolean isLayerAttribute(String key) {
        return key.startsWith("tributary.checksum.");
    }

    @Override
    protected boolean verifiesDeclaredDigests() {
        return true;
    }
}
