package org.tributary.gateway.dav;

import org.junit.jupiter.api.Test;
import org.tributary.gateway.DefaultGatewayTest;
import org.tributary.gateway.TestGateway;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DELETE (RFC 4918 §9.6): 204 (Rucio accepts nothing else, SPECS §5.1); collections go with everything inside them;
 * a missing target is 404; the area root cannot be deleted.
 */
class DeleteRecursiveTest extends DefaultGatewayTest {

    @Test
    void deleteFileIs204() {
        assertEquals(201, gw.put("/data/del1", "x").statusCode());
        assertEquals(204, gw.delete("/data/del1").statusCode());
        assertFalse(Files.exists(gw.root().resolve("del1")));
        assertEquals(404, gw.head("/data/del1").statusCode());
    }

    @Test
    void deleteMissingIs404() {
        assertEquals(404, gw.delete("/data/del-missing").statusCode());
        assertEquals(404, gw.delete("/data/del-missing/below").statusCode());
    }

    @Test
    void deleteTwiceIs204Then404() {
        assertEquals(201, gw.put("/data/del2", "x").statusCode());
        assertEquals(204, gw.delete("/data/del2").statusCode());
        assertEquals(404, gw.delete("/data/del2").statusCode());
    }

    @Test
    void deleteCollectionIsRecursive() {
        assertEquals(201, gw.put("/data/deltree/a", "a").statusCode());
        assertEquals(201, gw.put("/data/deltree/sub/b", "b").statusCode());
        assertEquals(201, gw.put("/data/deltree/sub/deeper/c", "c").statusCode());
        assertEquals(201, gw.mkcol("/data/deltree/empty").statusCode());
        assertEquals(204, gw.delete("/data/deltree").statusCode());
        assertFalse(Files.exists(gw.root().resolve("deltree")), "nothing left on disk, hidden files included");
        assertEquals(404, gw.propfind("/data/deltree", "0", "").statusCode());
    }

    @Test
    void deleteCollectionWithTrailingSlash() {
        // gfal2's rmdir forces a trailing slash (SPECS §5.3)
        assertEquals(201, gw.mkcol("/data/delslash").statusCode());
        assertEquals(204, gw.delete("/data/delslash/").statusCode());
        assertFalse(Files.exists(gw.root().resolve("delslash")));
    }

    @Test
    void deleteLargeCollection() throws Exception {
        Path big = gw.root().resolve("delbig");
        Files.createDirectories(big.resolve("inner"));
        // more members than the server deletes per listing batch
        for (int i = 0; i < 2500; i++) Files.createFile(big.resolve("f" + i));
        for (int i = 0; i < 50; i++) Files.createFile(big.resolve("inner/g" + i));
        assertEquals(204, gw.delete("/data/delbig").statusCode());
        assertFalse(Files.exists(big));
    }

    @Test
    void deleteCollectionWithPropertiesAndChecksums() {
        assertEquals(201, gw.put("/data/delprops/f", "x").statusCode());
        assertEquals(200, gw.head("/data/delprops/f", "Want-Digest", "md5").statusCode());
        String patch = "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><Z:k xmlns:Z=\"urn:z\">v</Z:k></D:prop></D:set></D:propertyupdate>";
        assertEquals(207, gw.send("PROPPATCH", "/data/delprops", patch).statusCode());
        assertEquals(207, gw.send("PROPPATCH", "/data/delprops/f", patch).statusCode());
        assertEquals(204, gw.delete("/data/delprops").statusCode());
        assertFalse(Files.exists(gw.root().resolve("delprops")));
    }

    @Test
    void deletedFileDoesNotLendItsPropertiesToTheNextOne() {
        assertEquals(201, gw.put("/data/del3", "x").statusCode());
        String patch = "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><Z:k xmlns:Z=\"urn:z\">old</Z:k></D:prop></D:set></D:propertyupdate>";
        assertEquals(207, gw.send("PROPPATCH", "/data/del3", patch).statusCode());
        assertEquals(204, gw.delete("/data/del3").statusCode());
        assertEquals(201, gw.put("/data/del3", "y").statusCode());
        String ask = "<D:propfind xmlns:D=\"DAV:\"><D:prop><Z:k xmlns:Z=\"urn:z\"/></D:prop></D:propfind>";
        assertEquals(404, gw.propfind207("/data/del3", "0", ask).responses().getFirst().propstatOf("urn:z", "k").orElseThrow().code());
    }

    @Test
    void areaRootCannotBeDeleted() {
        assertEquals(201, gw.put("/data/keepme", "x").statusCode());
        assertEquals(403, gw.delete("/data").statusCode());
        assertEquals(403, gw.delete("/data/").statusCode());
        assertTrue(Files.exists(gw.root().resolve("keepme")));
    }

    @Test
    void deleteOneFileLeavesSiblings() {
        assertEquals(201, gw.put("/data/sib/a", "a").statusCode());
        assertEquals(201, gw.put("/data/sib/b", "b").statusCode());
        assertEquals(204, gw.delete("/data/sib/a").statusCode());
        assertTrue(Files.exists(gw.root().resolve("sib/b")));
        assertEquals(java.util.List.of("b"), TestGateway.visibleNames(gw.root().resolve("sib")));
    }
}
