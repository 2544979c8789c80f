package org.tributary.backend.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.tributary.backend.AreaPath;
import org.tributary.backend.StorageException.Kind;

/**
 * StorageBackend.attributes and updateAttributes: plain string keys, UTF-8 values, stored with an entry (a file, a
 * collection, the root), an empty map when there are none, updates that keep the other attributes.
 */
abstract class AttributeRules extends ContractRules {

    AttributeRules(StorageBackendContract contract) {
        super(contract);
    }

    @Test
    void anEntryWithoutAttributesHasAnEmptyMap() throws Exception {
        put("/f", bytes("x"));
        mkdir("/d");
        assertEquals(Map.of(), attributes("/f"));
        assertEquals(Map.of(), attributes("/d"));
        assertEquals(Map.of(), attributes("/"));
        assertEquals(Map.of(), backend.attributes(p("/f"), Set.of("a")));
    }

    @Test
    void anUpdateSetsAndRemovesAndKeepsTheRest() throws Exception {
        put("/f", bytes("x"), Map.of("keep", "1", "change", "old", "drop", "1"));
        backend.updateAttributes(p("/f"), Map.of("change", "new", "add", "2"), Set.of("drop", "never-there"));
        assertEquals(Map.of("keep", "1", "change", "new", "add", "2"), attributes("/f"));
        backend.updateAttributes(p("/f"), Map.of(), Set.of("keep", "change", "add"));
        assertEquals(Map.of(), attributes("/f"));
    }

    @Test
    void aCollectionHasAttributesOfItsOwn() throws Exception {
        mkdir("/d");
        put("/f", bytes("x"), Map.of("who", "file"));
        backend.updateAttributes(p("/d"), Map.of("who", "collection"), Set.of());
        assertEquals(Map.of("who", "collection"), attributes("/d"));
        assertEquals(Map.of("who", "file"), attributes("/f"));
        put("/d/member", bytes("x"));
        assertEquals(Map.of("who", "collection"), attributes("/d"), "a member arriving changes nothing");
    }

    @Test
    void theRootHasAttributesOfItsOwn() throws Exception {
        backend.updateAttributes(AreaPath.ROOT, Map.of("who", "root"), Set.of());
        put("/f", bytes("x"), Map.of("who", "file"));
        assertEquals(Map.of("who", "root"), attributes("/"));
        assertEquals(Map.of("who", "file"), attributes("/f"));
    }

    /** Checksums are attributes of every file, so a dead property on a collection meets them in every real area. */
    @Test
    void aCollectionAndItsMembersHaveAttributesSideBySide() throws Exception {
        put("/d/f", bytes("x"), Map.of("who", "file"));
        backend.updateAttributes(p("/d"), Map.of("who", "collection"), Set.of());
        put("/d/g", bytes("y"), Map.of("who", "later file"));
        put("/d/s/h", bytes("z"), Map.of("who", "deeper file"));
        assertEquals(Map.of("who", "collection"), attributes("/d"));
        assertEquals(Map.of("who", "file"), attributes("/d/f"));
        assertEquals(Map.of("who", "later file"), attributes("/d/g"));
        assertEquals(Map.of("who", "deeper file"), attributes("/d/s/h"));
    }

    @Test
    void selectedAttributesAreThoseAskedForThatExist() throws Exception {
        put("/f", bytes("x"), Map.of("a", "1", "b", "2", "c", "3"));
        assertEquals(Map.of("a", "1", "c", "3"), backend.attributes(p("/f"), Set.of("a", "c", "missing")));
        assertEquals(Map.of(), backend.attributes(p("/f"), Set.of()));
    }

    @Test
    void keysAndValuesOfAnyCharactersRoundTrip() throws Exception {
        Map<String, String> attrs = new HashMap<>();
        attrs.put("dav:{urn:x=y#z}prop", "=:#! {}\\\"'<>&\n\r\té日😀");
        attrs.put("with space", " leading and trailing ");
        attrs.put("empty value", "");
        attrs.put("long", "v".repeat(70_000));
        attrs.put("ünïcödé-key", "multi\nline\nvalue");
        put("/f", bytes("x"), attrs);
        assertEquals(attrs, attributes("/f"));
        mkdir("/d");
        backend.updateAttributes(p("/d"), attrs, Set.of());
        assertEquals(attrs, attributes("/d"));
    }

    @Test
    void attributesOfAMissingEntryAreNotFound() {
        assertEquals(Kind.NOT_FOUND, kindOf(() -> attributes("/missing")));
        assertEquals(Kind.NOT_FOUND, kindOf(() -> backend.attributes(p("/missing"), Set.of("a"))));
        assertEquals(Kind.NOT_FOUND, kindOf(() -> backend.updateAttributes(p("/missing"), Map.of("a", "1"), Set.of())));
        assertEquals(Kind.NOT_FOUND, kindOf(() -> backend.updateAttributes(p("/missing"), Map.of(), Set.of("a"))));
        assertEquals(Kind.NOT_FOUND, kindOf(() -> backend.updateAttributes(p("/missing"), Map.of(), Set.of())));
    }
}
