package org.tributary.backend.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.placement.SharedCopy;

/**
 * The {@link SharedCopy} feature, for every backend (or stack, or view) that offers it: the new name appears whole
 * with the bytes and the stored attributes of the source, takes the options of a write, and is independent of the
 * source afterwards for everything the SPI shows. Skipped, with the reason, where {@code feature(SharedCopy.class)}
 * is empty.
 */
abstract class SharedCopyRules extends ContractRules {

    SharedCopyRules(StorageBackendContract contract) {
        super(contract);
    }

    private SharedCopy shared() {
        Optional<SharedCopy> s = backend.feature(SharedCopy.class);
        assumeTrue(s.isPresent(), "this backend offers no SharedCopy: the caller copies bytes");
        return s.get();
    }

    private EntryInfo share(String from, String to) throws IOException {
        return share(from, to, WriteOptions.defaults());
    }

    private EntryInfo share(String from, String to, WriteOptions options) throws IOException {
        return shared().share(p(from), p(to), options);
    }

    @Test
    void theCopyHasTheBytesAndTheStoredAttributesOfTheSource() throws Exception {
        byte[] content = random(70_000, 1);
        put("/a", content, Map.of("user.note", "ümlaut ok"));
        EntryInfo e = share("/a", "/b");
        assertEquals(p("/b"), e.path());
        assertTrue(e.isFile());
        assertEquals(content.length, e.size());
        assertArrayEquals(content, read("/b"));
        assertEquals(backend.attributes(p("/a")), backend.attributes(p("/b")),
                "every stored attribute, checksums of a layer included, comes along");
        assertEquals(stat("/a").changeStamp(), stat("/b").changeStamp(),
                "the same content version: checksums stored for it stay current");
        assertArrayEquals(content, read("/a"), "the source is unchanged");
    }

    @Test
    void anExistingTargetIsReplacedOnlyWithOverwrite() throws Exception {
        put("/a", bytes("new"), Map.of("who", "a"));
        put("/b", bytes("old"), Map.of("who", "b", "only-b", "1"));
        Set<String> before = raw();
        assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> share("/a", "/b", options(false, true))));
        assertArrayEquals(bytes("old"), read("/b"));
        assertEquals(before, raw(), "a refused share leaves nothing behind");
        share("/a", "/b", options(true, true));
        assertArrayEquals(bytes("new"), read("/b"));
        assertEquals(Map.of("who", "a"), attributes("/b"), "the replaced file's attributes went with it");
    }

    @Test
    void missingParentsAreCreatedOnlyWhenAsked() throws Exception {
        put("/a", bytes("x"));
        Set<String> before = raw();
        assertEquals(Kind.PARENT_MISSING, kindOf(() -> share("/a", "/d/e/b", options(true, false))));
        assertEquals(before, raw(), "a refused share leaves nothing behind");
        share("/a", "/d/e/b", options(true, true));
        assertTrue(stat("/d/e").isDirectory());
        assertArrayEquals(bytes("x"), read("/d/e/b"));
        assertEquals(Set.of("b"), names("/d/e"), "no other name is visible beside the copy");
    }

    @Test
    void deletingOneNameLeavesTheOther() throws Exception {
        put("/a", bytes("content"), Map.of("k", "v"));
        share("/a", "/b");
        backend.delete(p("/a"));
        assertArrayEquals(bytes("content"), read("/b"));
        assertEquals(Map.of("k", "v"), attributes("/b"));
        share("/b", "/c");
        backend.delete(p("/c"));
        assertArrayEquals(bytes("content"), read("/b"));
    }

    @Test
    void rewritingOrMovingOneNameLeavesTheOther() throws Exception {
        put("/a", bytes("first"));
        share("/a", "/b");
        put("/a", bytes("second version"));
        assertArrayEquals(bytes("first"), read("/b"), "a rewrite of the source does not reach the copy");
        put("/b", bytes("third"));
        assertArrayEquals(bytes("second version"), read("/a"), "a rewrite of the copy does not reach the source");
        backend.move(p("/b"), p("/moved"), false);
        assertArrayEquals(bytes("second version"), read("/a"));
        assertArrayEquals(bytes("third"), read("/moved"));
    }

    @Test
    void sharingAgainOntoTheSameCopyLeavesNothingBehind() throws Exception {
        put("/a", bytes("x"), Map.of("k", "v"));
        share("/a", "/b");
        Set<String> once = raw();
        share("/a", "/b", options(true, true));
        assertEquals(once, raw());
        assertArrayEquals(bytes("x"), read("/b"));
        assertEquals(Map.of("k", "v"), attributes("/b"));
    }

    @Test
    void collectionsAreRefused() throws Exception {
        mkdir("/d");
        put("/d/f", bytes("x"));
        put("/a", bytes("y"));
        Set<String> before = raw();
        assertEquals(Kind.CONFLICT, kindOf(() -> share("/d", "/e")));
        assertEquals(Kind.CONFLICT, kindOf(() -> share("/a", "/d")));
        assertEquals(before, raw());
        assertFalse(exists("/e"));
        assertEquals(Set.of("f"), names("/d"));
    }

    @Test
    void aMissingSourceIsNotFound() throws Exception {
        Set<String> before = raw();
        assertEquals(Kind.NOT_FOUND, kindOf(() -> share("/nothing", "/b")));
        assertEquals(before, raw());
        assertFalse(exists("/b"));
    }
}
