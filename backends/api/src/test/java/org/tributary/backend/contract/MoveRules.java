package org.tributary.backend.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tributary.backend.AreaPath;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;

/**
 * StorageBackend.move: a file or a tree moves with its attributes; with replace, any existing target is replaced and
 * nothing of it stays; without, an existing target is ALREADY_EXISTS; the errors it names.
 */
abstract class MoveRules extends ContractRules {

    MoveRules(StorageBackendContract contract) {
        super(contract);
    }

    /**
     * The one call of move in the rules. "A backend without a rename may ... fail UNSUPPORTED, and the gateway then
     * copies the bytes and deletes": for such a backend the move rules do not apply and are skipped.
     */
    void move(AreaPath from, AreaPath to, boolean replace) throws IOException {
        try {
            backend.move(from, to, replace);
        } catch (StorageException e) {
            assumeFalse(e.kind() == Kind.UNSUPPORTED, "this backend does not move (UNSUPPORTED): the gateway copies");
            throw e;
        }
    }

    @Test
    void aMovedFileLeavesItsSourceAndArrivesWholeWithItsAttributes() throws Exception {
        byte[] content = storedUpload(40);
        put("/a/f", content, Map.of("k", "v"));
        mkdir("/b");
        move(p("/a/f"), p("/b/g"), false);
        assertFalse(exists("/a/f"));
        assertEquals(Set.of(), names("/a"));
        assertArrayEquals(content, read("/b/g"));
        assertEquals(Map.of("k", "v"), attributes("/b/g"));
    }

    @Test
    void aMovedCollectionTakesItsWholeTreeAndTheAttributesOfItsMembersAlong() throws Exception {
        put("/t/f", bytes("1"), Map.of("f", "1"));
        put("/t/s/g", bytes("2"), Map.of("g", "2"));
        mkdir("/t/empty");
        backend.updateAttributes(p("/t/empty"), Map.of("e", "1"), Set.of());
        move(p("/t"), p("/u"), false);
        assertFalse(exists("/t"));
        assertEquals(Set.of("u/"), names("/"));
        assertEquals(Set.of("f", "s/", "empty/"), names("/u"));
        assertArrayEquals(bytes("1"), read("/u/f"));
        assertArrayEquals(bytes("2"), read("/u/s/g"));
        assertEquals(Map.of("f", "1"), attributes("/u/f"));
        assertEquals(Map.of("g", "2"), attributes("/u/s/g"));
        assertEquals(Map.of("e", "1"), attributes("/u/empty"));
    }

    @Test
    void aMovedCollectionKeepsItsOwnAttributes() throws Exception {
        put("/t/f", bytes("1"));
        backend.updateAttributes(p("/t"), Map.of("t", "0"), Set.of());
        move(p("/t"), p("/u"), false);
        assertEquals(Map.of("t", "0"), attributes("/u"));
        assertArrayEquals(bytes("1"), read("/u/f"));
    }

    @Test
    void withoutReplaceAnExistingTargetIsAlreadyExistsAndBothStay() throws Exception {
        put("/a", bytes("a"));
        put("/b", bytes("b"));
        mkdir("/d");
        assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> move(p("/a"), p("/b"), false)));
        assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> move(p("/a"), p("/d"), false)));
        assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> move(p("/d"), p("/b"), false)));
        assertArrayEquals(bytes("a"), read("/a"));
        assertArrayEquals(bytes("b"), read("/b"));
        assertTrue(stat("/d").isDirectory());
    }

    /**
     * With replace, the target - a file or a collection - is replaced by the source: its content, its attributes
     * (none when the source has none) and, for a collection, its members; nothing of the old target remains.
     */
    @ParameterizedTest(name = "source is a {0}, target is a {1}")
    @CsvSource({"file, file", "file, collection", "collection, file", "collection, collection"})
    void replaceMovesTheSourceOverAnyTarget(String source, String target) throws Exception {
        Set<String> empty = raw();
        if (source.equals("file")) {
            put("/src", bytes("new"));
        } else {
            put("/src/new", bytes("new"));
        }
        if (target.equals("file")) {
            put("/dst", bytes("old"), Map.of("old", "1"));
        } else {
            put("/dst/old", bytes("old"));
            put("/dst/deep/old", bytes("old"));
            backend.updateAttributes(p("/dst"), Map.of("old", "1"), Set.of());
        }
        move(p("/src"), p("/dst"), true);
        assertFalse(exists("/src"));
        assertEquals(Set.of(source.equals("file") ? "dst" : "dst/"), names("/"));
        if (source.equals("file")) {
            assertArrayEquals(bytes("new"), read("/dst"));
        } else {
            assertEquals(Set.of("new"), names("/dst"), "no member of the old collection is left");
            assertArrayEquals(bytes("new"), read("/dst/new"));
        }
        assertEquals(Map.of(), attributes("/dst"), "the replaced target's attributes went with it");
        backend.deleteTree(p("/dst"));
        assertEquals(empty, raw(), "the move left nothing aside");
    }

    @Test
    void movingAMissingSourceIsNotFound() {
        assertEquals(Kind.NOT_FOUND, kindOf(() -> move(p("/missing"), p("/x"), false)));
        assertEquals(Kind.NOT_FOUND, kindOf(() -> move(p("/missing"), p("/x"), true)));
    }

    @Test
    void movingIntoAMissingParentIsParentMissingAndKeepsTheSource() throws Exception {
        put("/f", bytes("x"));
        assertEquals(Kind.PARENT_MISSING, kindOf(() -> move(p("/f"), p("/no/g"), false)));
        assertArrayEquals(bytes("x"), read("/f"));
        assertFalse(exists("/no"));
    }

    @Test
    void movingACollectionIntoItselfIsAConflict() throws Exception {
        put("/d/f", bytes("x"));
        assertEquals(Kind.CONFLICT, kindOf(() -> move(p("/d"), p("/d/sub"), false)));
        assertEquals(Kind.CONFLICT, kindOf(() -> move(p("/d"), p("/d/sub"), true)));
        assertArrayEquals(bytes("x"), read("/d/f"));
        assertEquals(Set.of("f"), names("/d"));
    }

    @Test
    void replacingAnAncestorIsAConflict() throws Exception {
        put("/d/e/f", bytes("x"));
        assertEquals(Kind.CONFLICT, kindOf(() -> move(p("/d/e"), p("/d"), true)));
        assertArrayEquals(bytes("x"), read("/d/e/f"));
    }

    /** The javadoc names no kind for the root; an ancestor of everything (CONFLICT) or refused (FORBIDDEN). */
    @Test
    void theRootCannotBeMovedNorReplaced() throws Exception {
        put("/d/f", bytes("x"));
        assertEquals(Kind.FORBIDDEN, kindOf(() -> move(AreaPath.ROOT, p("/r"), false)));
        Kind ontoRoot = kindOf(() -> move(p("/d"), AreaPath.ROOT, true));
        assertTrue(ontoRoot == Kind.CONFLICT || ontoRoot == Kind.FORBIDDEN, ontoRoot.toString());
        assertArrayEquals(bytes("x"), read("/d/f"));
        assertFalse(exists("/r"));
    }
}
