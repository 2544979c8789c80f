package org.tributary.backend.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.tributary.backend.posix.Area.p;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.WriteOptions;

class AttributesTest {

    private static final byte[] DATA = "data".getBytes(StandardCharsets.UTF_8);
    private static final String ADLER = "tributary.checksum.adler32";
    private static final String DEAD_PROP = "{http://example.org/ns/ü}display name";

    private static List<String> rawXattrs(Path file) throws IOException {
        return Files.getFileAttributeView(file, UserDefinedFileAttributeView.class).list();
    }

    private static String rawXattr(Path file, String name) throws IOException {
        UserDefinedFileAttributeView v = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        ByteBuffer b = ByteBuffer.allocate(v.size(name));
        v.read(name, b);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    @Test
    void realFileSystemStoresUserXattrsUnderTheirOwnNames() throws IOException {
        try (Area a = Area.open(Area.Kind.REAL)) {
            assumeTrue(a.backend.usesXattrs(), "the test directory's file system has no user xattrs");
            a.put("/f", DATA, WriteOptions.defaults(), Map.of(ADLER, "0a1b2c3d", DEAD_PROP, "Ünïcode value"));
            Path host = a.host("/f");
            List<String> raw = rawXattrs(host);
            assertTrue(raw.contains(ADLER), "user." + ADLER + " is set: " + raw);
            assertEquals("0a1b2c3d", rawXattr(host, ADLER));
            assertTrue(raw.stream().anyMatch(n -> n.startsWith("tributary.b64.")), "dead property encoded: " + raw);
            assertEquals(List.of("f"), a.rawNames("/"), "no side-car when xattrs take everything");
            assertEquals(Map.of(ADLER, "0a1b2c3d", DEAD_PROP, "Ünïcode value"), a.backend.attributes(p("/f")));
        }
    }

    @Test
    void foreignXattrsAreNotShown() throws IOException {
        try (Area a = Area.open(Area.Kind.REAL)) {
            assumeTrue(a.backend.usesXattrs());
            a.put("/f", DATA, WriteOptions.defaults(), Map.of(ADLER, "1"));
            UserDefinedFileAttributeView v = Files.getFileAttributeView(a.host("/f"), UserDefinedFileAttributeView.class);
            v.write("xdg.origin.url", ByteBuffer.wrap(DATA));
            v.write("tributary.b64.!!!not-base64", ByteBuffer.wrap(DATA));
            assertEquals(Map.of(ADLER, "1"), a.backend.attributes(p("/f")));
        }
    }

    @Test
    void valuesTooBigForXattrsGoToTheSidecar() throws IOException {
        try (Area a = Area.open(Area.Kind.REAL)) {
            assumeTrue(a.backend.usesXattrs());
            String big = "x".repeat(100_000); // over XATTR_SIZE_MAX on any Linux file system
            a.put("/f", DATA, WriteOptions.defaults(), Map.of(ADLER, "1", "tributary.big", big));
            assertTrue(rawXattrs(a.host("/f")).contains(ADLER));
            assertFalse(rawXattrs(a.host("/f")).contains("tributary.big"));
            assertEquals(List.of(".tributary-meta-f", "f"), a.rawNames("/"));
            assertEquals(Map.of(ADLER, "1", "tributary.big", big), a.backend.attributes(p("/f")));
            assertEquals(List.of("f"), a.names("/"), "the side-car is hidden");

            a.backend.updateAttributes(p("/f"), Map.of(), Set.of("tributary.big"));
            assertEquals(Map.of(ADLER, "1"), a.backend.attributes(p("/f")));
            assertEquals(List.of("f"), a.rawNames("/"), "an empty side-car is removed");

            // a key that becomes small again moves back to the xattrs, and its side-car copy goes
            a.backend.updateAttributes(p("/f"), Map.of("tributary.big", big), Set.of());
            a.backend.updateAttributes(p("/f"), Map.of("tributary.big", "small"), Set.of());
            assertEquals(Map.of(ADLER, "1", "tributary.big", "small"), a.backend.attributes(p("/f")));
            assertEquals(List.of("f"), a.rawNames("/"));
        }
    }

    @Test
    void manyMidSizeValuesAllComeBackWhereverTheyLand() throws IOException {
        try (Area a = Area.open(Area.Kind.REAL)) {
            Map<String, String> attrs = new HashMap<>();
            for (int i = 0; i < 12; i++) attrs.put("tributary.prop" + i, String.valueOf((char) ('a' + i)).repeat(1500));
            a.put("/f", DATA, WriteOptions.defaults(), attrs);
            assertEquals(attrs, a.backend.attributes(p("/f")));
        }
    }

    @Test
    void jimfsWithoutUserViewFallsBackToSidecars() throws IOException {
        try (Area a = Area.open(Area.Kind.JIMFS_PLAIN)) {
            assertFalse(a.backend.usesXattrs());
            a.put("/f", DATA, WriteOptions.defaults(), Map.of(ADLER, "1", DEAD_PROP, "v"));
            assertEquals(List.of(".tributary-meta-f", "f"), a.rawNames("/"));
            assertEquals(Map.of(ADLER, "1", DEAD_PROP, "v"), a.backend.attributes(p("/f")));
        }
    }

    @Test
    void jimfsWithUserViewUsesXattrs() throws IOException {
        try (Area a = Area.open(Area.Kind.JIMFS_XATTR)) {
            assertTrue(a.backend.usesXattrs());
            a.put("/f", DATA, WriteOptions.defaults(), Map.of(ADLER, "1"));
            assertEquals(List.of("f"), a.rawNames("/"));
            assertTrue(rawXattrs(a.host("/f")).contains(ADLER));
        }
    }

    @Test
    void xattrsCanBeSwitchedOff() throws IOException {
        try (Area a = Area.open(Area.Kind.REAL, PosixOptions.defaults().withXattrs(false))) {
            assertFalse(a.backend.usesXattrs());
            a.put("/f", DATA, WriteOptions.defaults(), Map.of(ADLER, "1"));
            assertEquals(List.of(".tributary-meta-f", "f"), a.rawNames("/"));
            assertEquals(Map.of(ADLER, "1"), a.backend.attributes(p("/f")));
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void updateSetsAndRemovesAndKeepsTheRest(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.put("/f", DATA, WriteOptions.defaults(), Map.of("tributary.a", "1", "tributary.b", "2", DEAD_PROP, "3"));
            a.backend.updateAttributes(p("/f"), Map.of("tributary.c", "4", "tributary.a", "1b"), Set.of("tributary.b"));
            assertEquals(Map.of("tributary.a", "1b", "tributary.c", "4", DEAD_PROP, "3"),
                    a.backend.attributes(p("/f")));
            a.backend.updateAttributes(p("/f"), Map.of(), Set.of(DEAD_PROP, "never-set"));
            assertEquals(Map.of("tributary.a", "1b", "tributary.c", "4"), a.backend.attributes(p("/f")));
            a.backend.updateAttributes(p("/f"), Map.of("", "empty key", "tributary.", "bare prefix"), Set.of());
            assertEquals("empty key", a.backend.attributes(p("/f")).get(""));
            assertEquals("bare prefix", a.backend.attributes(p("/f")).get("tributary."));
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void awkwardKeysRoundTrip(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            Map<String, String> attrs = new HashMap<>();
            attrs.put("tributary.b64.looks-encoded", "1");
            attrs.put("user.other", "2");
            attrs.put("with space/slash:colon", "3");
            attrs.put("€".repeat(200), "4"); // 600 bytes of UTF-8: too long for any xattr name
            attrs.put("DAV:getcontentlanguage", "");
            attrs.put("tributary.emoji", "🙂 \u0000 nul inside");
            a.put("/f", DATA, WriteOptions.defaults(), attrs);
            assertEquals(attrs, a.backend.attributes(p("/f")));
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void directoriesAndTheRootHaveAttributes(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.backend.createDirectory(p("/d"));
            a.backend.updateAttributes(p("/d"), Map.of("tributary.quota", "10G", DEAD_PROP, "x".repeat(100_000)), Set.of());
            a.backend.updateAttributes(p("/"), Map.of("tributary.area", "yes"), Set.of());
            assertEquals(Map.of("tributary.quota", "10G", DEAD_PROP, "x".repeat(100_000)), a.backend.attributes(p("/d")));
            assertEquals(Map.of("tributary.area", "yes"), a.backend.attributes(p("/")));
            assertEquals(List.of("d"), a.names("/"));
            assertEquals(List.of(), a.names("/d"));

            a.backend.move(p("/d"), p("/e"), false);
            assertEquals("10G", a.backend.attributes(p("/e")).get("tributary.quota"));
            assertEquals(100_000, a.backend.attributes(p("/e")).get(DEAD_PROP).length());
            a.backend.delete(p("/e")); // holds only its side-car: empty
            assertTrue(a.backend.stat(p("/e")).isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void sidecarsFollowMovesAndGoWithDeletes(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            String big = "y".repeat(100_000);
            a.put("/a", DATA, WriteOptions.defaults(), Map.of(ADLER, "a", "tributary.big", big));
            a.put("/b", DATA, WriteOptions.defaults(), Map.of(ADLER, "b", "tributary.big", "b" + big));
            a.backend.createDirectory(p("/dir"));

            a.backend.move(p("/a"), p("/dir/a2"), false);
            assertEquals(Map.of(ADLER, "a", "tributary.big", big), a.backend.attributes(p("/dir/a2")));
            assertEquals(List.of(".tributary-meta-b", "b", "dir"), a.rawNames("/"));

            // replacing b: b's attributes go with b, a2's come along
            a.backend.move(p("/dir/a2"), p("/b"), true);
            assertEquals(Map.of(ADLER, "a", "tributary.big", big), a.backend.attributes(p("/b")));
            assertEquals(List.of(), a.rawNames("/dir"));

            a.backend.delete(p("/b"));
            assertEquals(List.of("dir"), a.rawNames("/"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void aNewVersionStartsWithOnlyItsOwnAttributes(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.put("/f", DATA, WriteOptions.defaults(), Map.of(ADLER, "old", "tributary.big", "z".repeat(100_000)));
            a.put("/f", DATA, WriteOptions.defaults(), Map.of(ADLER, "new"));
            assertEquals(Map.of(ADLER, "new"), a.backend.attributes(p("/f")));
            a.put("/f", DATA, WriteOptions.defaults(), Map.of());
            assertEquals(Map.of(), a.backend.attributes(p("/f")));
            assertEquals(List.of("f"), a.rawNames("/"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void longFileNamesGetHashedSidecars(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            String name = "n".repeat(250);
            a.put("/" + name, DATA, WriteOptions.defaults(), Map.of("tributary.big", "q".repeat(100_000)));
            assertTrue(a.rawNames("/").stream().anyMatch(n -> n.startsWith(".tributary-metah-")), a.rawNames("/").toString());
            assertEquals("q".repeat(100_000), a.backend.attributes(p("/" + name)).get("tributary.big"));
            a.backend.move(p("/" + name), p("/" + name.replace('n', 'm')), false);
            assertEquals("q".repeat(100_000), a.backend.attributes(p("/" + name.replace('n', 'm'))).get("tributary.big"));
            assertEquals(0, a.backend.cleanStaleTemporaries(), "the moved side-car records its new owner");
            assertEquals(1, a.backend.attributes(p("/" + name.replace('n', 'm'))).size());
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void missingEntriesAreNotFound(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            assertEquals(Kind.NOT_FOUND, assertThrows(StorageException.class,
                    () -> a.backend.attributes(p("/nope"))).kind());
            assertEquals(Kind.NOT_FOUND, assertThrows(StorageException.class,
                    () -> a.backend.updateAttributes(p("/nope"), Map.of("k", "v"), Set.of())).kind());
            assertEquals(Kind.NOT_FOUND, assertThrows(StorageException.class,
                    () -> a.backend.updateAttributes(p("/nope"), Map.of(), Set.of())).kind());
            assertEquals(List.of(), a.rawNames("/"), "no side-car for an entry that does not exist");
        }
    }

    @Test
    void corruptSidecarReadsAsEmpty() throws IOException {
        try (Area a = Area.open(Area.Kind.JIMFS_PLAIN)) {
            a.put("/f", DATA, WriteOptions.defaults(), Map.of(ADLER, "1"));
            Path sidecar = a.host("/").resolve(".tributary-meta-f");
            byte[] bytes = Files.readAllBytes(sidecar);
            bytes[bytes.length / 2] ^= 0x55;
            Files.write(sidecar, bytes);
            assertEquals(Map.of(), a.backend.attributes(p("/f")));
            Files.write(sidecar, new byte[0]);
            assertEquals(Map.of(), a.backend.attributes(p("/f")));
            a.backend.updateAttributes(p("/f"), Map.of(ADLER, "2"), Set.of());
            assertEquals(Map.of(ADLER, "2"), a.backend.attributes(p("/f")));
        }
    }

    @Test
    void sidecarFormatRoundTripsAndDetectsDamage() throws Exception {
        Map<String, String> attrs = Map.of("k", "v", "", "", "ключ", "значение\n\0");
        byte[] enc = SidecarStore.encode("owner", attrs);
        SidecarStore.Decoded d = SidecarStore.decode(enc);
        assertEquals("owner", d.owner());
        assertEquals(attrs, d.attributes());
        for (int i = 0; i < enc.length; i++) {
            byte[] damaged = enc.clone();
            damaged[i] ^= 0x01;
            assertThrows(SidecarStore.CorruptSidecar.class, () -> SidecarStore.decode(damaged), "flip at " + i);
        }
        for (int cut = 0; cut < enc.length; cut++) {
            byte[] torn = java.util.Arrays.copyOf(enc, cut);
            assertThrows(SidecarStore.CorruptSidecar.class, () -> SidecarStore.decode(torn), "cut at " + cut);
        }
    }

    @Test
    void xattrNameEncoding() {
        assertEquals(ADLER, XattrStore.encode(ADLER));
        assertEquals(ADLER, XattrStore.decode(ADLER));
        for (String key : List.of("tributary.b64.x", "a b", "{DAV:}x", "tributary.", "", "tributary.ä")) {
            String name = XattrStore.encode(key);
            assertTrue(name.startsWith("tributary.b64."), key + " -> " + name);
            assertEquals(key, XattrStore.decode(name));
        }
        assertNull(XattrStore.encode("x".repeat(200)), "base64 of 200 bytes exceeds 250");
        assertNull(XattrStore.decode("user.thing"));
        assertNull(XattrStore.decode("other.tributary.x"));
    }
}
