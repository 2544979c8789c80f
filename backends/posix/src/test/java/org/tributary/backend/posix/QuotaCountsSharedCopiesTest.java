package org.tributary.backend.posix;

import org.junit.jupiter.api.Test;
import org.tributary.backend.AreaPath;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.StorageException;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.checksum.ChecksumAlgorithm;
import org.tributary.backend.placement.SharedCopy;
import org.tributary.backend.stack.BackendStack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A shared copy found through the quota layer is counted as a write: the quota refuses one it has no room for (507,
 * nothing made) and counts one it made. (Found through the layer below, it would not be: an in-place QoS transition
 * on S3 makes a second object the quota never heard of.)
 */
class QuotaCountsSharedCopiesTest {

    private static void put(StorageBackend b, String path, int bytes) throws IOException {
        try (PendingWrite w = b.beginWrite(AreaPath.parse(path), WriteOptions.defaults().withExpectedSize(bytes))) {
            w.write(ByteBuffer.wrap(new byte[bytes]));
            w.commit(Map.of());
        }
    }

    @Test
    void aSharedCopyIsCountedAndRefusedWhenTheQuotaIsFull() throws Exception {
        try (Area a = Area.open(Area.Kind.REAL)) {
            StorageBackend top = BackendStack.build(a.backend, new BackendStack.Layers(
                    List.of(ChecksumAlgorithm.ADLER32), OptionalLong.of(100), Duration.ofHours(1)));
            put(top, "/a", 40);
            SharedCopy share = top.feature(SharedCopy.class).orElseThrow();
            share.share(AreaPath.parse("/a"), AreaPath.parse("/b"), WriteOptions.defaults());
            assertEquals(80, top.space().usedBytes(), "the copy is counted as the measurement will count it");
            StorageException e = assertThrows(StorageException.class,
                    () -> share.share(AreaPath.parse("/a"), AreaPath.parse("/c"), WriteOptions.defaults()));
            assertEquals(StorageException.Kind.INSUFFICIENT_STORAGE, e.kind());
            assertFalse(top.stat(AreaPath.parse("/c")).isPresent(), "nothing made");
            share.share(AreaPath.parse("/a"), AreaPath.parse("/b"), WriteOptions.defaults());
            assertEquals(80, top.space().usedBytes(), "replacing a copy frees what it held");
        }
    }
}
