package org.tributary.backend.posix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.backend.posix.Area.p;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Listing;

/**
 * A recursive operation treats a symbolic link as an entry of its own and never descends through it (issue 15 item 1):
 * deleting a tree removes the links in it, never what they point to, whatever they point to (a file, a sibling
 * collection, an ancestor, nothing, something outside the area). Real directories and real links.
 */
class RecursiveOperationsDoNotFollowLinksTest {

    private static final byte[] DATA = "precious\n".getBytes(StandardCharsets.UTF_8);

    /** /tree with one link of every kind, /other/f and /sibling/g as targets, and a directory outside the area. */
    private static Path populate(Area a) throws IOException {
        a.put("/other/f", DATA);
        a.put("/sibling/g", DATA);
        a.put("/tree/own", DATA);
        a.put("/tree/sub/own", DATA);
        Path outside = a.root.resolveSibling("outside");
        Files.createDirectories(outside);
        Files.write(outside.resolve("h"), DATA);
        Path tree = a.host("/tree");
        Files.createSymbolicLink(tree.resolve("file-link"), a.host("/other/f"));
        Files.createSymbolicLink(tree.resolve("dir-link"), a.host("/sibling"));
        Files.createSymbolicLink(tree.resolve("sub/up"), Path.of(".."));            // link to an ancestor
        Files.createSymbolicLink(tree.resolve("relative-sibling"), Path.of("../sibling"));
        Files.createSymbolicLink(tree.resolve("dangling"), Path.of("no-such-entry"));
        Files.createSymbolicLink(tree.resolve("out"), outside);
        return outside;
    }

    private static void assertTargetsIntact(Area a, Path outside) throws IOException {
        assertArrayEquals(DATA, a.get("/other/f"));
        assertArrayEquals(DATA, a.get("/sibling/g"));
        assertEquals(List.of("g"), a.names("/sibling"));
        assertArrayEquals(DATA, Files.readAllBytes(outside.resolve("h")));
    }

    @Test
    void deletingATreeRemovesTheLinksAndNothingTheyPointTo() throws IOException {
        try (Area a = Area.open(Area.Kind.REAL)) {
            Path outside = populate(a);
            // PosixBackend's deleteTree is the SPI's walking delete (the one QuotaBackend calls too)
            assertEquals(2, a.backend.deleteTree(p("/tree")), "the two regular files; links are not counted");
            assertFalse(Files.exists(a.host("/tree"), LinkOption.NOFOLLOW_LINKS));
            assertTargetsIntact(a, outside);
        }
    }

    @Test
    void deletingALinkToACollectionRemovesTheLinkOnly() throws IOException {
        try (Area a = Area.open(Area.Kind.REAL)) {
            Path outside = populate(a);
            assertEquals(0, a.backend.deleteTree(p("/tree/dir-link")));
            assertFalse(Files.exists(a.host("/tree/dir-link"), LinkOption.NOFOLLOW_LINKS));
            assertEquals(0, a.backend.deleteTree(p("/tree/sub/up")));
            assertTrue(Files.isDirectory(a.host("/tree/sub")));
            assertTargetsIntact(a, outside);
        }
    }

    @Test
    void statAndListingSayWhichEntriesAreLinks() throws IOException {
        try (Area a = Area.open(Area.Kind.REAL)) {
            populate(a);
            EntryInfo dirLink = a.backend.stat(p("/tree/dir-link")).orElseThrow();
            assertTrue(dirLink.isDirectory() && dirLink.isLink(), "a link shows its target's type and says it is a link");
            assertFalse(a.backend.stat(p("/tree/sub")).orElseThrow().isLink());
            assertFalse(a.backend.stat(p("/tree/dir-link/g")).orElseThrow().isLink(), "an entry reached through a link");
            try (Listing l = a.backend.list(p("/tree"))) {
                for (EntryInfo e : l) {
                    boolean link = Files.isSymbolicLink(a.host(e.path().toString()));
                    assertEquals(link, e.isLink(), e.path().toString());
                }
            }
        }
    }

    @Test
    void theStartUpSweepRemovesALinkNamedLikeATemporaryButNotItsTarget() throws IOException {
        try (Area a = Area.open(Area.Kind.REAL)) {
            Path outside = populate(a);
            Files.write(a.host("/sibling").resolve(".tributary-tmp-inside-1"), DATA);
            Files.createSymbolicLink(a.host("/tree").resolve(".tributary-tmp-link-2"), a.host("/other/f"));
            Files.createSymbolicLink(a.host("/tree").resolve(".tributary-tmp-dirlink-3"), a.host("/sibling"));
            assertEquals(3, a.backend.cleanStaleTemporaries(), "the real temporary and the two links");
            assertTargetsIntact(a, outside);
            assertEquals(List.of("g"), a.rawNames("/sibling").stream().filter(n -> !n.startsWith(".tributary-meta")).toList());
        }
    }
}
