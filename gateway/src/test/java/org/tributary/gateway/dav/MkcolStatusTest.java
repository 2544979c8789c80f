package org.tributary.gateway.dav;

import org.junit.jupiter.api.Test;
import org.tributary.gateway.DefaultGatewayTest;

import java.net.http.HttpResponse;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MKCOL exactly as RFC 4918 §9.3.1 says, because gfal2's mkdir -p relies on it (SPECS §5.3): 201 created, 405
 * something exists there, 409 parent missing (never created implicitly), 415 for a request body.
 */
class MkcolStatusTest extends DefaultGatewayTest {

    @Test
    void newCollectionIs201() {
        HttpResponse<byte[]> r = gw.mkcol("/data/mk1");
        assertEquals(201, r.statusCode());
        assertTrue(Files.isDirectory(gw.root().resolve("mk1")));
    }

    @Test
    void trailingSlashIsAccepted() {
        assertEquals(201, gw.mkcol("/data/mk2/").statusCode());
        assertTrue(Files.isDirectory(gw.root().resolve("mk2")));
    }

    @Test
    void existingCollectionIs405() {
        assertEquals(201, gw.mkcol("/data/mk3").statusCode());
        assertEquals(405, gw.mkcol("/data/mk3").statusCode());
        assertEquals(405, gw.mkcol("/data/mk3/").statusCode());
    }

    @Test
    void existingFileIs405AndStaysAFile() throws Exception {
        assertEquals(201, gw.put("/data/mk4", "file").statusCode());
        assertEquals(405, gw.mkcol("/data/mk4").statusCode());
        assertEquals("file", Files.readString(gw.root().resolve("mk4")));
    }

    @Test
    void areaRootIs405() {
        assertEquals(405, gw.mkcol("/data").statusCode());
        assertEquals(405, gw.mkcol("/data/").statusCode());
    }

    @Test
    void missingParentIs409AndNothingIsCreated() {
        assertEquals(409, gw.mkcol("/data/mk-none/child").statusCode());
        assertFalse(Files.exists(gw.root().resolve("mk-none")));
    }

    @Test
    void parentIsAFileIs409() {
        assertEquals(201, gw.put("/data/mk5", "file").statusCode());
        assertEquals(409, gw.mkcol("/data/mk5/child").statusCode());
    }

    @Test
    void mkdirRecursiveTheGfal2Way() {
        // walk down, one level at a time, as gfal2_mkdir_rec does after a 409
        assertEquals(409, gw.mkcol("/data/r1/r2/r3").statusCode());
        assertEquals(409, gw.mkcol("/data/r1/r2").statusCode());
        assertEquals(201, gw.mkcol("/data/r1").statusCode());
        assertEquals(201, gw.mkcol("/data/r1/r2").statusCode());
        assertEquals(201, gw.mkcol("/data/r1/r2/r3").statusCode());
        assertTrue(Files.isDirectory(gw.root().resolve("r1/r2/r3")));
    }

    @Test
    void requestBodyIs415AndNothingIsCreated() {
        HttpResponse<byte[]> r = gw.send("MKCOL", "/data/mk6", "<x/>", "Content-Type", "application/xml");
        assertEquals(415, r.statusCode());
        assertFalse(Files.exists(gw.root().resolve("mk6")));
    }

    @Test
    void emptyBodyIsFine() {
        assertEquals(201, gw.send("MKCOL", "/data/mk7", new byte[0]).statusCode());
    }

    @Test
    void newCollectionIsListedAsACollection() {
        assertEquals(201, gw.mkcol("/data/mk8").statusCode());
        assertTrue(gw.propfind207("/data/mk8", "0", "").responses().getFirst().isCollection());
        assertEquals(200, gw.head("/data/mk8").statusCode());
    }
}
