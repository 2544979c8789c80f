package org.tributary.backend.posix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.backend.posix.Area.p;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.WriteOptions;

/** Symlinks on the real file system: inside the root they work, out of it they are refused for every operation. */
class PathConfinementTest {

    private static final byte[] SECRET = "outside secret\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.UTF_8);

    private Area a;
    private Path outside;

    @BeforeEach
    void setUp() throws IOException {
        a = Area.open(Area.Kind.REAL);
        outside = Files.createTempDirectory("tributary-outside");
        Files.write(outside.resolve("secret"), SECRET);
        Path root = a.backend.root();
        Files.createSymbolicLink(root.resolve("out"), outside);                      // directory link leaving
        Files.createSymbolicLink(root.resolve("outfile"), outside.resolve("secret")); // file link leaving
        Files.createSymbolicLink(root.resolve("rel"), Path.of("../../" + outside.getFileName()));
        Files.createDirectories(root.resolve("in/sub"));
        Files.write(root.resolve("in/sub/data"), HELLO);
        Files.createSymbolicLink(root.resolve("inlink"), Path.of("in/sub"));         // directory link staying
        Files.createSymbolicLink(root.resolve("infile"), root.resolve("in/sub/data")); // file link staying
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        Files.createSymbolicLink(root.resolve("in/sub/away"), outside);              // leaving, two levels down
    }

    @AfterEach
    void tearDown() throws IOException {
        a.close();
        assertArrayEquals(SECRET, Files.readAllBytes(outside.resolve("secret")), "the outside file is untouched");
        try (var s = Files.list(outside)) {
            assertEquals(List.of("secret"), s.map(x -> x.getFileName().toString()).toList(),
                    "nothing was created outside");
        }
        Area.deleteTree(outside);
    }

    private void assertOutside(PosixWriteTest.Executable e) {
        StorageException se = assertThrows(StorageException.class, e::run);
        assertEquals(Kind.FORBIDDEN, se.kind());
        assertEquals("path leads outside the storage area", se.getMessage());
    }

    @Test
    void readsThroughALeavingLinkAreRefused() {
        assertOutside(() -> a.backend.stat(p("/out")));
        assertOutside(() -> a.backend.stat(p("/out/secret")));
        assertOutside(() -> a.backend.stat(p("/rel/secret")));
        assertOutside(() -> a.backend.stat(p("/outfile")));
        assertOutside(() -> a.backend.openRead(p("/out/secret")));
        assertOutside(() -> a.backend.openRead(p("/outfile")));
        assertOutside(() -> a.backend.list(p("/out")));
        assertOutside(() -> a.backend.attributes(p("/out/secret")));
        assertOutside(() -> a.backend.stat(p("/out/missing/deeper")));
        assertOutside(() -> a.backend.stat(p("/loop")));
        assertOutside(() -> a.backend.stat(p("/in/sub/away/secret")));
        assertOutside(() -> a.backend.openRead(p("/inlink/away/secret")));
        assertOutside(() -> a.backend.beginWrite(p("/in/sub/away/new"), WriteOptions.defaults()));
    }

    @Test
    void writesThroughALeavingLinkAreRefused() {
        assertOutside(() -> a.backend.beginWrite(p("/out/new"), WriteOptions.defaults()));
        assertOutside(() -> a.backend.beginWrite(p("/out/secret"), WriteOptions.defaults()));
        assertOutside(() -> a.backend.beginWrite(p("/out/x/y/z"), WriteOptions.defaults()));
        assertOutside(() -> a.backend.beginWrite(p("/outfile"), WriteOptions.defaults()));
        assertOutside(() -> a.backend.createDirectory(p("/out/newdir")));
        assertOutside(() -> a.backend.delete(p("/out/secret")));
        assertOutside(() -> a.backend.delete(p("/outfile")));
        assertOutside(() -> a.backend.updateAttributes(p("/out/secret"), Map.of("k", "v"), Set.of()));
        assertOutside(() -> a.backend.updateAttributes(p("/outfile"), Map.of("k", "v"), Set.of()));
    }

    @Test
    void movesInOrOutThroughALeavingLinkAreRefused() throws IOException {
        a.put("/mine", HELLO);
        assertOutside(() -> a.backend.move(p("/out/secret"), p("/stolen"), true));
        assertOutside(() -> a.backend.move(p("/mine"), p("/out/mine"), true));
        assertOutside(() -> a.backend.move(p("/outfile"), p("/stolen"), true));
        assertArrayEquals(HELLO, a.get("/mine"));
        assertTrue(a.backend.stat(p("/stolen")).isEmpty());
    }

    /**
     * The upload's directory is moved out of the area and replaced by a link to where it went, so the temporary is
     * still reachable: the commit-time check must refuse to rename into a place outside, and clean up.
     */
    @Test
    void aLinkThatStartsLeavingDuringAnUploadStopsTheCommit() throws IOException {
        a.backend.createDirectory(p("/d"));
        PendingWrite w = a.backend.beginWrite(p("/d/f"), WriteOptions.defaults());
        w.write(ByteBuffer.wrap(HELLO));
        Path d = a.backend.root().resolve("d");
        Path moved = outside.resolve("d-moved");
        Files.move(d, moved);
        Files.createSymbolicLink(d, moved);
        try {
            assertOutside(() -> w.commit(Map.of("tributary.k", "v")));
            try (var s = Files.list(moved)) {
                assertEquals(List.of(), s.toList(), "neither the file nor its temporary is left outside");
            }
        } finally {
            Files.delete(d);
            Files.delete(moved);
        }
    }

    @Test
    void listingSkipsLeavingLinksAndShowsStayingOnes() throws IOException {
        assertEquals(List.of("in", "infile", "inlink"), a.names("/"));
        assertTrue(a.backend.stat(p("/inlink")).orElseThrow().isDirectory());
        assertTrue(a.backend.stat(p("/infile")).orElseThrow().isFile());
    }

    @Test
    void linksThatStayInsideWork() throws IOException {
        assertArrayEquals(HELLO, a.get("/inlink/data"));
        assertArrayEquals(HELLO, a.get("/infile"));
        assertEquals(List.of("data"), a.names("/inlink"));

        a.put("/inlink/new", HELLO, WriteOptions.defaults(), Map.of("tributary.k", "v"));
        assertArrayEquals(HELLO, Files.readAllBytes(a.backend.root().resolve("in/sub/new")));
        assertEquals("v", a.backend.attributes(p("/in/sub/new")).get("tributary.k"));

        a.put("/inlink/deep/er/file", HELLO, WriteOptions.defaults(), Map.of());
        assertArrayEquals(HELLO, a.get("/in/sub/deep/er/file"));
        a.backend.move(p("/inlink/new"), p("/in/moved"), false);
        assertArrayEquals(HELLO, a.get("/in/moved"));
    }

    @Test
    void aDanglingLinkIsNotFollowedByWrites() throws IOException {
        Path target = outside.resolve("would-be-created");
        Files.createSymbolicLink(a.backend.root().resolve("dangling"), target);
        assertTrue(a.backend.stat(p("/dangling")).isEmpty());
        assertFalse(a.names("/").contains("dangling"));
        // the rename replaces the link itself; nothing appears outside (checked in tearDown)
        a.put("/dangling", HELLO);
        assertArrayEquals(HELLO, a.get("/dangling"));
        assertFalse(Files.isSymbolicLink(a.backend.root().resolve("dangling")));

        Files.createSymbolicLink(a.backend.root().resolve("dangdir"), outside.resolve("nodir"));
        assertThrows(StorageException.class, () -> a.backend.createDirectory(p("/dangdir")));
        StorageException e = assertThrows(StorageException.class,
                () -> a.backend.beginWrite(p("/dangdir/f"), WriteOptions.defaults()));
        assertEquals(Kind.CONFLICT, e.kind());
    }

    @Test
    void aRootReachedThroughALinkIsConfinedToItsRealPath() throws IOException {
        Path alias = Files.createTempDirectory("tributary-alias").resolve("link");
        try {
            Files.createSymbolicLink(alias, a.backend.root());
            try (PosixBackend viaLink = PosixBackend.open(alias)) {
                assertEquals(a.backend.root(), viaLink.root());
                assertTrue(viaLink.stat(p("/in/sub/data")).isPresent());
                StorageException e = assertThrows(StorageException.class, () -> viaLink.stat(p("/out/secret")));
                assertEquals(Kind.FORBIDDEN, e.kind());
            }
        } finally {
            Area.deleteTree(alias.getParent());
        }
    }
}
