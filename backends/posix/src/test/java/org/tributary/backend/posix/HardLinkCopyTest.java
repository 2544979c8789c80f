package org.tributary.backend.posix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tributary.backend.StorageException;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.placement.PlacementControl;
import org.tributary.backend.placement.SharedCopy;

/**
 * What the contract suite cannot see of {@link HardLinkCopy}: the copy is the same inode (no byte was copied), a link
 * in the area is shared as the file it leads to, a link out of the area is refused, and a POSIX area keeps no
 * placement (disk only). The rules every SharedCopy keeps run in the contract suite (SharedCopyRules).
 */
class HardLinkCopyTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static SharedCopy shared(Area a) {
        return a.backend.feature(SharedCopy.class).orElseThrow();
    }

    @Test
    void theCopyIsAnotherNameOfTheSameInode() throws Exception {
        try (Area a = Area.open(Area.Kind.REAL)) {
            a.put("/fast/f", bytes("data"));
            shared(a).share(Area.p("/fast/f"), Area.p("/safe/f"), WriteOptions.defaults());
            assertTrue(Files.isSameFile(a.host("/fast/f"), a.host("/safe/f")), "a hard link: no byte was copied");
            assertEquals(2, Files.getAttribute(a.host("/safe/f"), "unix:nlink"));
            assertEquals(java.util.List.of("f"), a.rawNames("/safe"), "no temporary left beside it");
        }
    }

    @Test
    void aLinkInsideTheAreaIsSharedAsTheFileItLeadsTo() throws Exception {
        try (Area a = Area.open(Area.Kind.REAL)) {
            a.put("/data/f", bytes("content"));
            Files.createSymbolicLink(a.host("/alias"), a.host("/data/f"));
            shared(a).share(Area.p("/alias"), Area.p("/copy"), WriteOptions.defaults());
            assertFalse(Files.isSymbolicLink(a.host("/copy")), "the file, not the symlink");
            assertTrue(Files.isSameFile(a.host("/data/f"), a.host("/copy")));
            assertArrayEquals(bytes("content"), a.get("/copy"));
        }
    }

    @Test
    void aLinkLeadingOutOfTheAreaIsRefused() throws Exception {
        try (Area a = Area.open(Area.Kind.REAL)) {
            Path outside = Files.writeString(a.root.getParent().resolve("secret"), "not yours");
            Files.createSymbolicLink(a.host("/out"), outside);
            StorageException e = assertThrows(StorageException.class,
                    () -> shared(a).share(Area.p("/out"), Area.p("/copy"), WriteOptions.defaults()));
            assertEquals(StorageException.Kind.FORBIDDEN, e.kind());
            assertFalse(Files.exists(a.host("/copy")));
            assertEquals(java.util.List.of("out"), a.rawNames("/"));
        }
    }

    @Test
    void sideCarAttributesAreCopiedForTheNewName() throws Exception {
        try (Area a = Area.open(Area.Kind.REAL, PosixOptions.defaults().withXattrs(false))) {
            a.put("/f", bytes("x"), WriteOptions.defaults(), Map.of("k", "v"));
            shared(a).share(Area.p("/f"), Area.p("/g"), WriteOptions.defaults());
            a.backend.updateAttributes(Area.p("/f"), Map.of("k", "changed"), java.util.Set.of());
            assertEquals(Map.of("k", "v"), a.backend.attributes(Area.p("/g")), "a side-car belongs to one name");
            a.backend.delete(Area.p("/f"));
            assertEquals(Map.of("k", "v"), a.backend.attributes(Area.p("/g")));
        }
    }

    @Test
    void aPosixAreaKeepsEverythingOnDiskWithoutPlacementControl() throws Exception {
        try (Area a = Area.open(Area.Kind.JIMFS_PLAIN)) {
            assertTrue(a.backend.feature(PlacementControl.class).isEmpty());
        }
    }
}
