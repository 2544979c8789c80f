package org.tributary.backend.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.ReadHandle;
import org.tributary.backend.StorageException.Kind;

/** StorageBackend.openRead and ReadHandle: ranges in any order and more than once; the errors of a read. */
abstract class ReadRules extends ContractRules {

    ReadRules(StorageBackendContract contract) {
        super(contract);
    }

    @Test
    void rangesAreReadInAnyOrderAndMoreThanOnce() throws Exception {
        byte[] content = storedUpload(20);
        int n = content.length;
        put("/f", content);
        try (ReadHandle h = backend.openRead(p("/f"))) {
            assertArrayEquals(Arrays.copyOfRange(content, n - 10, n), read(h, n - 10, 10), "the last bytes first");
            assertArrayEquals(Arrays.copyOfRange(content, 0, 10), read(h, 0, 10));
            assertArrayEquals(Arrays.copyOfRange(content, n / 2, n / 2 + 1000), read(h, n / 2, 1000));
            assertArrayEquals(Arrays.copyOfRange(content, 0, 10), read(h, 0, 10), "the same range again");
            assertArrayEquals(content, read(h, 0, n));
        }
    }

    @Test
    void closingAStreamLeavesTheHandleOpen() throws Exception {
        put("/f", bytes("0123456789"));
        try (ReadHandle h = backend.openRead(p("/f"))) {
            try (InputStream in = h.stream(2, 3)) {
                assertArrayEquals(bytes("234"), in.readAllBytes());
            }
            assertArrayEquals(bytes("789"), read(h, 7, 3));
        }
    }

    @Test
    void aHandleDescribesTheFileItOpened() throws Exception {
        put("/d/f", bytes("hello"));
        EntryInfo stated = stat("/d/f");
        try (ReadHandle h = backend.openRead(p("/d/f"))) {
            assertEquals(p("/d/f"), h.info().path());
            assertEquals(5, h.info().size());
            assertEquals(stated.changeStamp(), h.info().changeStamp());
        }
    }

    /**
     * PendingWrite.commit: "a reader sees the old version or the new one, never a mix". A handle opened before a
     * replacement serves the version it opened, or fails; never bytes of the new one.
     */
    @Test
    void aHandleNeverServesBytesOfAnotherVersion() throws Exception {
        byte[] old = storedUpload(21);
        byte[] next = random(old.length, 22);
        put("/f", old);
        try (ReadHandle h = backend.openRead(p("/f"))) {
            put("/f", next);
            int n = old.length;
            for (long[] range : new long[][] {{n - 1000, 1000}, {0, 1000}, {n / 2, 4096}}) {
                byte[] got;
                try {
                    got = read(h, range[0], range[1]);
                } catch (IOException refused) {
                    continue; // the version it opened is gone: failing is allowed, mixing is not
                }
                assertArrayEquals(Arrays.copyOfRange(old, (int) range[0], (int) (range[0] + range[1])), got,
                        "bytes " + range[0] + "+" + range[1] + " of the version the handle opened");
            }
        }
        assertArrayEquals(next, read("/f"));
    }

    /**
     * Locality and openRead: a file that is not on disk "fails OFFLINE until it is staged"; it still exists, is listed
     * and keeps its attributes.
     */
    @Test
    void anOfflineFileIsStatedAndListedButItsReadFailsOffline() throws Exception {
        put("/d/f", bytes("on tape"), Map.of("a", "1"));
        assumeTrue(contract.takeOffline(backend, p("/d/f")), "the files of this backend are always on disk");
        EntryInfo e = stat("/d/f");
        assertFalse(e.locality().online(), e.locality().toString());
        assertEquals(7, e.size());
        assertEquals(Set.of("f"), names("/d"));
        assertEquals(Kind.OFFLINE, kindOf(() -> backend.openRead(p("/d/f"))));
        assertEquals(Map.of("a", "1"), attributes("/d/f"));
    }

    /**
     * Locality: disk and object stores answer DISK, and a nearline backend writes to its disk buffer first (a file is
     * offline only once migrated and purged), so what a client just wrote it can read back.
     */
    @Test
    void aFileJustWrittenIsOnline() throws Exception {
        assertTrue(put("/f", bytes("x")).entry().locality().online());
        assertTrue(stat("/f").locality().online());
    }

    @Test
    void anEmptyFileReadsAsNoBytes() throws Exception {
        put("/empty", new byte[0]);
        assertEquals(0, stat("/empty").size());
        assertArrayEquals(new byte[0], read("/empty"));
    }

    @Test
    void readingAMissingFileIsNotFound() {
        assertEquals(Kind.NOT_FOUND, kindOf(() -> backend.openRead(p("/missing"))));
        assertEquals(Kind.NOT_FOUND, kindOf(() -> backend.openRead(p("/missing/below"))));
    }

    @Test
    void readingACollectionIsAConflict() throws Exception {
        mkdir("/d");
        assertEquals(Kind.CONFLICT, kindOf(() -> backend.openRead(p("/d"))));
        assertEquals(Kind.CONFLICT, kindOf(() -> backend.openRead(p("/"))), "the root");
    }
}
