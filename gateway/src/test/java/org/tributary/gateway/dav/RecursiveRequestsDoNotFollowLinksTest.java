package org.tributary.gateway.dav;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.TestGateway;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DELETE, COPY and MOVE of a collection, and the start-up sweep, never descend through a symbolic link (issue 15
 * item 1). Links are made by the site on the host (no client can make one); the rule is in the javadoc of
 * StorageBackend: delete removes the link, move moves it, copy copies a link to a file as a file and refuses as a
 * whole a tree that holds a link to a collection.
 */
class RecursiveRequestsDoNotFollowLinksTest {

    @TempDir
    static Path dir;
    static TestGateway gw;
    static Path outside;

    @BeforeAll
    static void start() throws Exception {
        // the start-up sweep runs over what is already there: a link named like a temporary, pointing at data
        Path data = dir.resolve("roots").resolve("data");
        Files.createDirectories(data.resolve("kept"));
        Files.writeString(data.resolve("kept/k"), "kept");
        Files.createSymbolicLink(data.resolve(".tributary-tmp-crashed-1"), data.resolve("kept"));
        Files.createSymbolicLink(data.resolve("kept/.tributary-tmp-crashed-2"), data.resolve("kept/k"));
        gw = TestGateway.in(dir).area("data").area("other").start();
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("h"), "outside");
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    /** /NAME/tree with links of every kind; /NAME/other/f and /NAME/sibling/g are what they point to. */
    private static Path populate(String name) throws Exception {
        assertEquals(201, gw.put("/data/" + name + "/other/f", "f").statusCode());
        assertEquals(201, gw.put("/data/" + name + "/sibling/g", "g").statusCode());
        assertEquals(201, gw.put("/data/" + name + "/tree/own", "own").statusCode());
        assertEquals(201, gw.put("/data/" + name + "/tree/sub/own", "own").statusCode());
        Path base = gw.root().resolve(name);
        Path tree = base.resolve("tree");
        Files.createSymbolicLink(tree.resolve("file-link"), base.resolve("other/f"));
        Files.createSymbolicLink(tree.resolve("dir-link"), base.resolve("sibling"));
        Files.createSymbolicLink(tree.resolve("sub/up"), Path.of(".."));
        Files.createSymbolicLink(tree.resolve("dangling"), Path.of("no-such-entry"));
        Files.createSymbolicLink(tree.resolve("out"), outside);
        return base;
    }

    /** Like populate, without the links to collections: what COPY accepts. */
    private static Path populateFileLinksOnly(String name) throws Exception {
        Path base = populate(name);
        Files.delete(base.resolve("tree/dir-link"));
        Files.delete(base.resolve("tree/sub/up"));
        return base;
    }

    private static void assertTargetsIntact(String name) throws Exception {
        assertEquals("f", TestGateway.text(gw.get("/data/" + name + "/other/f")));
        assertEquals("g", TestGateway.text(gw.get("/data/" + name + "/sibling/g")));
        assertEquals(List.of("g"), TestGateway.visibleNames(gw.root().resolve(name).resolve("sibling")));
        assertEquals("outside", Files.readString(outside.resolve("h")));
    }

    @Test
    void startUpSweepRemovedTheLinksNamedLikeTemporariesAndNotTheirTargets() throws Exception {
        assertFalse(Files.exists(gw.root().resolve(".tributary-tmp-crashed-1"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(gw.root().resolve("kept/.tributary-tmp-crashed-2"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("kept", TestGateway.text(gw.get("/data/kept/k")));
    }

    @Test
    void deleteOfACollectionRemovesItsLinksAndNothingTheyPointTo() throws Exception {
        Path base = populate("del");
        assertEquals(204, gw.delete("/data/del/tree").statusCode());
        assertFalse(Files.exists(base.resolve("tree"), LinkOption.NOFOLLOW_LINKS));
        assertTargetsIntact("del");
    }

    @Test
    void deleteOfALinkToACollectionRemovesTheLinkOnly() throws Exception {
        Path base = populate("dellink");
        assertEquals(204, gw.delete("/data/dellink/tree/dir-link").statusCode());
        assertFalse(Files.exists(base.resolve("tree/dir-link"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(204, gw.delete("/data/dellink/tree/sub/up/").statusCode());
        assertTrue(Files.isDirectory(base.resolve("tree/sub"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("own", TestGateway.text(gw.get("/data/dellink/tree/sub/own")));
        assertTargetsIntact("dellink");
    }

    @Test
    void copyOfACollectionHoldingALinkToACollectionIsRefusedAsAWhole() throws Exception {
        populate("cpdir");
        for (String dest : List.of("/data/cpdir/copy", "/other/cpdir-copy")) {
            var r = gw.copyOrMove("COPY", "/data/cpdir/tree", dest);
            assertEquals(403, r.statusCode(), TestGateway.text(r));
            assertTrue(TestGateway.text(r).contains("symbolic link to a collection"), TestGateway.text(r));
            assertEquals(404, gw.propfind(dest, "0", "").statusCode(), "nothing written at " + dest);
        }
        assertTargetsIntact("cpdir");
    }

    @Test
    void copyOfALinkToACollectionIsRefused() throws Exception {
        populate("cplink");
        var r = gw.copyOrMove("COPY", "/data/cplink/tree/sub/up", "/data/cplink/copy");
        assertEquals(403, r.statusCode(), TestGateway.text(r));
        assertEquals(404, gw.propfind("/data/cplink/copy", "0", "").statusCode());
    }

    @Test
    void copyOfACollectionCopiesALinkToAFileAsAFile() throws Exception {
        populateFileLinksOnly("cpfile");
        for (String dest : List.of("/data/cpfile/copy", "/other/cpfile-copy")) {
            assertEquals(201, gw.copyOrMove("COPY", "/data/cpfile/tree", dest).statusCode());
            Path copied = gw.root(dest.split("/")[1]).resolve(dest.substring(dest.indexOf('/', 1) + 1));
            assertTrue(Files.isRegularFile(copied.resolve("file-link"), LinkOption.NOFOLLOW_LINKS), "a file, not a link");
            assertEquals("f", Files.readString(copied.resolve("file-link"), StandardCharsets.UTF_8));
            assertEquals(List.of("file-link", "own", "sub"), TestGateway.visibleNames(copied),
                    "links the listing does not show (dangling, out of the area) are not copied");
        }
        assertTargetsIntact("cpfile");
    }

    @Test
    void moveInsideTheAreaMovesTheLinksThemselves() throws Exception {
        Path base = populate("mv");
        assertEquals(201, gw.copyOrMove("MOVE", "/data/mv/tree", "/data/mv/moved").statusCode());
        assertTrue(Files.isSymbolicLink(base.resolve("moved/dir-link")));
        assertTrue(Files.isSymbolicLink(base.resolve("moved/sub/up")));
        assertFalse(Files.exists(base.resolve("tree"), LinkOption.NOFOLLOW_LINKS));
        assertTargetsIntact("mv");
    }

    @Test
    void moveAcrossAreasOfATreeHoldingALinkToACollectionIsRefusedAndChangesNothing() throws Exception {
        Path base = populate("mvx");
        var r = gw.copyOrMove("MOVE", "/data/mvx/tree", "/other/mvx-moved");
        assertEquals(403, r.statusCode(), TestGateway.text(r));
        assertEquals(404, gw.propfind("/other/mvx-moved", "0", "").statusCode());
        assertTrue(Files.isSymbolicLink(base.resolve("tree/dir-link")));
        assertEquals("own", TestGateway.text(gw.get("/data/mvx/tree/sub/own")));
        assertTargetsIntact("mvx");
    }

    @Test
    void moveAcrossAreasOfATreeWithAFileLinkMovesTheBytesAndLeavesTheTarget() throws Exception {
        Path base = populateFileLinksOnly("mvf");
        assertEquals(201, gw.copyOrMove("MOVE", "/data/mvf/tree", "/other/mvf-moved").statusCode());
        assertEquals("f", TestGateway.text(gw.get("/other/mvf-moved/file-link")));
        assertFalse(Files.exists(base.resolve("tree"), LinkOption.NOFOLLOW_LINKS));
        assertTargetsIntact("mvf");
    }
}
