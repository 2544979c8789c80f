package org.tributary.gateway.dav;

import org.junit.jupiter.api.Test;
import org.tributary.gateway.Multistatus;
import org.tributary.gateway.DefaultGatewayTest;
import org.tributary.gateway.TestGateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * By default a PUT creates its missing parent collections: Rucio and gfal2 upload to deep paths without MKCOL and
 * read a 409 as "replica exists" (SPECS §5.1, §5.2). A file in the way is still a conflict.
 */
class PutCreatesParentsTest extends DefaultGatewayTest {

    @Test
    void putIntoMissingParentsCreatesThem() throws Exception {
        assertEquals(201, gw.put("/data/scope/ab/cd/file.root", "payload").statusCode());
        Path f = gw.root().resolve("scope/ab/cd/file.root");
        assertEquals("payload", Files.readString(f));
        assertTrue(Files.isDirectory(gw.root().resolve("scope/ab")));
    }

    @Test
    void createdParentsAreCollectionsInPropfind() {
        assertEquals(201, gw.put("/data/made/deep/x", "x").statusCode());
        Multistatus ms = gw.propfind207("/data/made/", "1", "");
        assertEquals("/data/made/", ms.responses().getFirst().href());
        assertTrue(ms.response("/data/made/deep/").isCollection());
        assertEquals(200, gw.head("/data/made/deep").statusCode());
    }

    @Test
    void putBelowAFileIs409AndCreatesNothing() throws Exception {
        assertEquals(201, gw.put("/data/plainfile", "f").statusCode());
        assertEquals(409, gw.put("/data/plainfile/child", "c").statusCode());
        assertEquals(409, gw.put("/data/plainfile/a/b/child", "c").statusCode());
        assertTrue(Files.isRegularFile(gw.root().resolve("plainfile")));
        assertEquals("f", Files.readString(gw.root().resolve("plainfile")));
        assertEquals(List.of(), TestGateway.temporaries(gw.root()));
    }

    @Test
    void putIntoAnExistingParentWorksToo() {
        assertEquals(201, gw.mkcol("/data/existing").statusCode());
        assertEquals(201, gw.put("/data/existing/f", "y").statusCode());
    }

    @Test
    void failedUploadDoesNotLeaveItsCreatedParentsHalfWritten() {
        // A mismatching checksum fails the upload: the file must not appear (its new parents may remain).
        assertEquals(400, gw.put("/data/fresh/parents/f", "content", "Digest", "adler32=00000001").statusCode());
        assertFalse(Files.exists(gw.root().resolve("fresh/parents/f")));
        assertEquals(List.of(), TestGateway.temporaries(gw.root()));
    }
}
