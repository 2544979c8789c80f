package org.tributary.backend.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.tributary.backend.AreaPath;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.SpaceUsage;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.WriteOptions;

/** stat, createDirectory, delete, deleteTree and measureUsage. */
abstract class NamespaceRules extends ContractRules {

    NamespaceRules(StorageBackendContract contract) {
        super(contract);
    }

    /**
     * EntryInfo.changeStamp "changes whenever the content may have changed", also for "files written behind the
     * gateway's back"; such a file is listed and read like any other.
     */
    @Test
    void aFileChangedBehindTheBackendsBackGetsANewChangeStamp() throws Exception {
        String before = put("/d/f", bytes("written through the backend")).entry().changeStamp();
        assumeTrue(contract.writeBehindTheBackend(backend, p("/d/f"), bytes("changed by another program")),
                "nothing else writes to this store");
        assertNotEquals(before, stat("/d/f").changeStamp());
        assertArrayEquals(bytes("changed by another program"), read("/d/f"));
        assertTrue(contract.writeBehindTheBackend(backend, p("/d/new/g"), bytes("g")));
        assertEquals(Set.of("f", "new/"), names("/d"));
        assertArrayEquals(bytes("g"), read("/d/new/g"));
    }

    @Test
    void theRootAlwaysExistsAsACollection() throws Exception {
        assertTrue(backend.stat(AreaPath.ROOT).orElseThrow().isDirectory());
        assertEquals(Set.of(), names("/"), "a fresh area is empty");
    }

    @Test
    void statOfAMissingEntryIsEmpty() throws Exception {
        put("/f", bytes("x"));
        assertFalse(exists("/missing"));
        assertFalse(exists("/missing/below"));
        assertFalse(exists("/f/below"), "below a file");
    }

    @Test
    void aCreatedDirectoryIsAnEmptyCollection() throws Exception {
        mkdir("/d");
        assertTrue(stat("/d").isDirectory());
        assertEquals(Set.of("d/"), names("/"));
        assertEquals(Set.of(), names("/d"));
        mkdir("/d/e");
        assertEquals(Set.of("e/"), names("/d"));
    }

    @Test
    void creatingADirectoryWhereAnythingIsIsAlreadyExists() throws Exception {
        mkdir("/d");
        put("/f", bytes("x"));
        assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> mkdir("/d")));
        assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> mkdir("/f")));
        assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> backend.createDirectory(AreaPath.ROOT)));
        assertTrue(stat("/f").isFile());
    }

    @Test
    void creatingADirectoryWithoutItsParentIsParentMissing() throws Exception {
        assertEquals(Kind.PARENT_MISSING, kindOf(() -> mkdir("/a/b")));
        assertFalse(exists("/a"));
    }

    /**
     * A file where the parent should be: CONFLICT ("a file where a directory is needed") or PARENT_MISSING (the only
     * kinds createDirectory names besides ALREADY_EXISTS; a backend may not tell the two apart).
     */
    @Test
    void creatingADirectoryBelowAFileFailsAndKeepsTheFile() throws Exception {
        put("/f", bytes("x"));
        Kind kind = kindOf(() -> mkdir("/f/d"));
        assertTrue(kind == Kind.CONFLICT || kind == Kind.PARENT_MISSING, kind.toString());
        assertArrayEquals(bytes("x"), read("/f"));
    }

    @Test
    void deleteRemovesAFileOrAnEmptyCollection() throws Exception {
        put("/d/f", bytes("x"));
        backend.delete(p("/d/f"));
        assertFalse(exists("/d/f"));
        assertEquals(Set.of(), names("/d"));
        backend.delete(p("/d"));
        assertFalse(exists("/d"));
        assertEquals(Set.of(), names("/"));
    }

    @Test
    void deletingANonEmptyCollectionIsAConflictAndRemovesNothing() throws Exception {
        put("/d/f", bytes("x"));
        assertEquals(Kind.CONFLICT, kindOf(() -> backend.delete(p("/d"))));
        assertArrayEquals(bytes("x"), read("/d/f"));
    }

    @Test
    void deletingAMissingEntryIsNotFound() {
        assertEquals(Kind.NOT_FOUND, kindOf(() -> backend.delete(p("/missing"))));
        assertEquals(Kind.NOT_FOUND, kindOf(() -> backend.deleteTree(p("/missing"))));
    }

    /** A collection whose only entries are internal (side-cars) is empty to delete. */
    @Test
    void aCollectionWithAttributesIsEmptyToDelete() throws Exception {
        mkdir("/d");
        backend.updateAttributes(p("/d"), Map.of("a", "1"), Set.of());
        backend.delete(p("/d"));
        assertFalse(exists("/d"));
    }

    @Test
    void theRootCannotBeDeleted() throws Exception {
        put("/f", bytes("x"));
        assertEquals(Kind.FORBIDDEN, kindOf(() -> backend.delete(AreaPath.ROOT)));
        assertEquals(Kind.FORBIDDEN, kindOf(() -> backend.deleteTree(AreaPath.ROOT)));
        assertArrayEquals(bytes("x"), read("/f"), "a refused delete of the root removed nothing");
    }

    @Test
    void deleteTreeRemovesTheWholeTreeAndLeavesNothing() throws Exception {
        Set<String> before = raw();
        put("/t/a", bytes("1"), Map.of("k", "v"));
        put("/t/s/b", bytes("2"));
        put("/t/s/u/c", bytes("3"), Map.of("k", "v"));
        mkdir("/t/empty");
        backend.updateAttributes(p("/t/empty"), Map.of("k", "v"), Set.of());
        backend.deleteTree(p("/t"));
        assertFalse(exists("/t"));
        assertEquals(Set.of(), names("/"));
        assertEquals(before, raw(), "no side-car, marker or other internal entry is left");
    }

    /** "Returns how many files went": files, not collections. */
    @Test
    void deleteTreeCountsTheFilesItRemoved() throws Exception {
        put("/t/a", bytes("1"));
        put("/t/s/b", bytes("2"));
        put("/t/s/u/c", bytes("3"));
        mkdir("/t/empty");
        assertEquals(3, backend.deleteTree(p("/t")));
    }

    @Test
    void deleteTreeOfAFileDeletesThatFile() throws Exception {
        put("/d/f", bytes("x"));
        put("/d/g", bytes("y"));
        assertEquals(1, backend.deleteTree(p("/d/f")));
        assertEquals(Set.of("g"), names("/d"));
    }

    @Test
    void aNewEntryDoesNotInheritTheAttributesOfADeletedOne() throws Exception {
        put("/f", bytes("x"), Map.of("a", "1"));
        backend.delete(p("/f"));
        put("/f", bytes("y"));
        assertEquals(Map.of(), attributes("/f"));

        put("/d/f", bytes("x"), Map.of("b", "2"));
        mkdir("/d/e");
        backend.updateAttributes(p("/d/e"), Map.of("a", "1"), Set.of());
        backend.deleteTree(p("/d"));
        put("/d/f", bytes("y"));
        mkdir("/d/e");
        assertEquals(Map.of(), attributes("/d/f"));
        assertEquals(Map.of(), attributes("/d/e"));
    }

    /** SpaceUsage: "bytes used and still available, -1 when unknown". */
    @Test
    void spaceIsKnownOrMinusOne() throws Exception {
        put("/f", new byte[10]);
        SpaceUsage s = backend.space();
        assertTrue(s.usedBytes() >= -1, s.toString());
        assertTrue(s.availableBytes() >= -1, s.toString());
    }

    /** measureUsage: the bytes of the files below, internal entries (upload temporaries, side-cars) not counted. */
    @Test
    void usageCountsTheBytesOfTheFilesBelowAndNothingInternal() throws Exception {
        put("/a", new byte[100], Map.of("a", "x".repeat(1000)));
        put("/d/b", new byte[20], Map.of("a", "x".repeat(1000)));
        put("/d/e/c", new byte[3]);
        mkdir("/d/empty");
        backend.updateAttributes(p("/d/empty"), Map.of("a", "x".repeat(1000)), Set.of());
        try (PendingWrite inFlight = begin("/d/f", WriteOptions.defaults())) {
            write(inFlight, storedUpload(30));
            assertEquals(123, backend.measureUsage(AreaPath.ROOT));
            assertEquals(23, backend.measureUsage(p("/d")));
            assertEquals(0, backend.measureUsage(p("/d/empty")));
        }
    }
}
