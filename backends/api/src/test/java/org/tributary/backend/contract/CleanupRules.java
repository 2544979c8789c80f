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

/**
 * StorageBackend.cleanStaleTemporaries, the start-up sweep: it removes what a crashed upload left and nothing a client
 * wrote.
 */
abstract class CleanupRules extends ContractRules {

    CleanupRules(StorageBackendContract contract) {
        super(contract);
    }

    @Test
    void theStartUpSweepRemovesWhatACrashedUploadLeft() throws Exception {
        put("/d/kept", bytes("kept"), Map.of("a", "1"));
        Set<String> before = raw();
        assumeTrue(contract.leaveACrashedUpload(backend, p("/d/crashed"), storedUpload(60)),
                "this backend keeps nothing for an upload in progress");
        assertNotEquals(before, raw(), "the crashed upload left something in the store");
        assertFalse(exists("/d/crashed"), "and nothing a client sees");
        assertTrue(backend.cleanStaleTemporaries() >= 1, "the sweep counts what it removed");
        assertEquals(before, raw());
        assertArrayEquals(bytes("kept"), read("/d/kept"));
        assertEquals(Map.of("a", "1"), attributes("/d/kept"));
    }

    @Test
    void theStartUpSweepLeavesEverythingAClientWrote() throws Exception {
        put("/f", bytes("f"), Map.of("a", "1"));
        put("/d/e/g", bytes("g"), Map.of("b", "x".repeat(10_000)));
        mkdir("/empty");
        backend.updateAttributes(p("/empty"), Map.of("c", "1"), Set.of());
        Set<String> before = raw();
        assertEquals(0, backend.cleanStaleTemporaries(), "nothing was stale");
        assertEquals(before, raw());
        assertEquals(Set.of("f", "d/", "empty/"), names("/"));
        assertArrayEquals(bytes("g"), read("/d/e/g"));
        assertEquals(Map.of("b", "x".repeat(10_000)), attributes("/d/e/g"));
        assertEquals(Map.of("c", "1"), attributes("/empty"));
    }
}
