package org.tributary.backend.posix;

import java.util.List;

import org.tributary.backend.StorageBackend;
import org.tributary.backend.checksum.ChecksumAlgorithm;
import org.tributary.backend.checksum.ChecksummingBackend;

/**
 * The StorageBackend contract through the checksum layer, as the gateway stacks it: a wrapper keeps every rule of the
 * backend below it, and adds the one about declared digests.
 */
class PosixChecksumStackContractTest extends PosixContractTest {

    @Override
    StorageBackend stack(PosixBackend backend) {
        return stack(backend, backend);
    }

    /** The checksum layer over {@code below}, a stack over {@code backend}. */
    StorageBackend stack(PosixBackend backend, StorageBackend below) {
        return new ChecksummingBackend(below, List.of(ChecksumAlgorithm.ADLER32, ChecksumAlgorithm.MD5));
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
