package org.tributary.backend.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Listing;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.WriteOptions;

/**
 * StorageBackend.list and Listing: the direct children, never an internal entry (names with
 * {@link AreaPath#RESERVED_PREFIX}: temporaries, side-cars), and every name a path may carry.
 */
abstract class ListingRules extends ContractRules {

    ListingRules(StorageBackendContract contract) {
        super(contract);
    }

    @Test
    void aListingShowsTheDirectChildrenWithTheirTypeAndSize() throws Exception {
        put("/d/f", new byte[7]);
        put("/d/s/deep", new byte[1]);
        mkdir("/d/empty");
        Map<String, EntryInfo> seen = new HashMap<>();
        try (Listing l = backend.list(p("/d"))) {
            for (EntryInfo e : l) seen.put(e.path().name(), e);
        }
        assertEquals(Set.of("f", "s", "empty"), seen.keySet());
        assertEquals(p("/d/f"), seen.get("f").path());
        assertTrue(seen.get("f").isFile());
        assertEquals(7, seen.get("f").size());
        assertTrue(seen.get("s").isDirectory());
        assertTrue(seen.get("empty").isDirectory());
    }

    @Test
    void aListingNeverShowsInternalEntries() throws Exception {
        put("/f", bytes("x"), Map.of("a", "1"));
        put("/f", bytes("replaced"), Map.of("a", "2"));
        put("/d/g", bytes("y"), Map.of("b", "x".repeat(10_000)));
        mkdir("/e");
        backend.updateAttributes(p("/e"), Map.of("c", "1"), Set.of());
        try (PendingWrite aborted = begin("/d/aborted", WriteOptions.defaults())) {
            write(aborted, storedUpload(50));
        }
        try (PendingWrite inFlight = begin("/d/inflight", WriteOptions.defaults())) {
            write(inFlight, storedUpload(51));
            assertEquals(Set.of("f", "d/", "e/"), names("/"));
            assertEquals(Set.of("g"), names("/d"));
            assertEquals(Set.of(), names("/e"));
            for (String dir : List.of("/", "/d", "/e")) {
                try (Listing l = backend.list(p(dir))) {
                    for (EntryInfo e : l) assertNull(AreaPath.segmentProblem(e.path().name()), e.path().toString());
                }
            }
        }
    }

    @Test
    void listingAFileIsAConflict() throws Exception {
        put("/f", bytes("x"));
        assertEquals(Kind.CONFLICT, kindOf(() -> backend.list(p("/f"))));
    }

    @Test
    void listingAMissingCollectionIsNotFound() {
        assertEquals(Kind.NOT_FOUND, kindOf(() -> backend.list(p("/missing"))));
    }

    /** AreaPath: any segment without '/', '\\', NUL, control characters, dot names or the reserved prefix. */
    @Test
    void everyNameAPathCanCarryRoundTrips() throws Exception {
        List<String> names = List.of("with space", "ümlaut-日本-😀", "100%", "q?x#y&z=1", "semi;colon,comma",
                "+plus~tilde", "..dots", "x.tributary", "'quote\"", "<angle>", "trailing.");
        for (String n : names) put("/d/" + n, bytes(n), Map.of("name", n));
        mkdir("/d/dir with space");
        Set<String> expected = new java.util.HashSet<>(names);
        expected.add("dir with space/");
        assertEquals(expected, names("/d"));
        for (String n : names) {
            assertArrayEquals(bytes(n), read("/d/" + n), n);
            assertEquals(Map.of("name", n), attributes("/d/" + n), n);
        }
    }

    @Test
    void aListingClosedEarlyFreesTheDirectory() throws Exception {
        for (int i = 0; i < 5; i++) put("/d/f" + i, bytes("x"));
        try (Listing l = backend.list(p("/d"))) {
            assertTrue(l.iterator().hasNext());
        }
        backend.deleteTree(p("/d"));
        assertFalse(exists("/d"));
    }
}
