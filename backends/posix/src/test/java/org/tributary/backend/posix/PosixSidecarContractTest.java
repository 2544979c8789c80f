package org.tributary.backend.posix;

/** The StorageBackend contract with xattrs switched off: every attribute in a side-car file the listing must hide. */
class PosixSidecarContractTest extends PosixContractTest {

    @Override
    PosixOptions options() {
        return PosixOptions.defaults().withXattrs(false);
    }
}
