package org.tributary.backend.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.backend.posix.Area.p;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.ForwardingBackend;
import org.tributary.backend.Locality;
import org.tributary.backend.ReadHandle;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.checksum.ChecksumAlgorithm;
import org.tributary.backend.checksum.ChecksummingBackend;

/**
 * The checksum layer computes a missing checksum by reading the file, which on tape would be a recall: a file the
 * backend reports as not on disk is never read for it.
 */
class ChecksumsNeverRecallOfflineFilesTest {

    /** Reports every file with the given locality and counts the reads that reach it. */
    static final class ReportsLocality extends ForwardingBackend {
        final AtomicInteger reads = new AtomicInteger();
        volatile Locality locality;

        ReportsLocality(StorageBackend disk, Locality locality) {
            super(disk);
            this.locality = locality;
        }

        @Override
        public Optional<EntryInfo> stat(AreaPath path) throws IOException {
            return delegate.stat(path).map(e -> e.isFile()
                    ? new EntryInfo(e.path(), e.type(), e.size(), e.modified(), e.changeStamp(), locality, e.isLink())
                    : e);
        }

        @Override
        public ReadHandle openRead(AreaPath path) throws IOException {
            reads.incrementAndGet();
            return delegate.openRead(path);
        }
    }

    @Test
    void aFileOnTapeWithoutAStoredChecksumIsNotRead() throws IOException {
        try (Area a = Area.open(Area.Kind.JIMFS_PLAIN)) {
            a.put("/f", new byte[] {1, 2, 3}); // behind the checksum layer's back: nothing stored
            ReportsLocality tape = new ReportsLocality(a.backend, Locality.TAPE);
            ChecksummingBackend checksums = new ChecksummingBackend(tape, List.of(ChecksumAlgorithm.ADLER32));
            assertEquals(Optional.empty(), checksums.checksum(p("/f"), ChecksumAlgorithm.ADLER32));
            assertEquals(Optional.empty(), checksums.checksum(p("/f"), ChecksumAlgorithm.MD5));
            assertEquals(0, tape.reads.get(), "no recall to compute a checksum");

            tape.locality = Locality.DISK_AND_TAPE; // staged: now it may be read, once, and the value is kept
            assertTrue(checksums.checksum(p("/f"), ChecksumAlgorithm.ADLER32).isPresent());
            assertEquals(1, tape.reads.get());
            tape.locality = Locality.TAPE; // migrated again: the stored value still serves
            assertTrue(checksums.checksum(p("/f"), ChecksumAlgorithm.ADLER32).isPresent());
            assertEquals(1, tape.reads.get());
        }
    }

    @Test
    void checksumsStoredAtUploadAreServedForAFileOnTape() throws IOException {
        try (Area a = Area.open(Area.Kind.JIMFS_PLAIN)) {
            ReportsLocality tape = new ReportsLocality(a.backend, Locality.DISK);
            ChecksummingBackend checksums = new ChecksummingBackend(tape, List.of(ChecksumAlgorithm.ADLER32));
            try (var w = checksums.beginWrite(p("/f"), org.tributary.backend.WriteOptions.defaults())) {
                w.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
                w.commit(Map.of());
            }
            tape.locality = Locality.TAPE;
            assertEquals(Optional.of("000d0007"), checksums.checksum(p("/f"), ChecksumAlgorithm.ADLER32));
            assertEquals(0, tape.reads.get());
        }
    }
}
