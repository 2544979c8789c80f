package org.tributary.gateway.qos;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.TestGateway;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * QoS classes of one POSIX area: each class is a directory of the area's storage under an access point of its own
 * (issue 13 item 1), so the same relative name under two class access points is two files, and a class's files are
 * where its directory says in the area's storage.
 */
class QosClassViewsTest {

    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.in(dir).area("data", "qos: {classes: [{name: FAST, placement: disk, access-point: /data/fast},"
                + " {name: CHEAP-ANALYSIS, placement: disk, access-point: /cheap}]}",
                "policies: [{deny: all, path: /CHEAP-ANALYSIS/embargoed, who: anyone}]").start();
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    @Test
    void eachClassIsANamespaceOfItsOwnInTheSharedStorage() throws Exception {
        assertEquals(201, gw.put("/data/fast/run1/f", "fast bytes").statusCode());
        assertEquals(201, gw.put("/cheap/run1/f", "cheap bytes").statusCode());
        assertEquals("fast bytes", TestGateway.text(gw.get("/data/fast/run1/f")));
        assertEquals("cheap bytes", TestGateway.text(gw.get("/cheap/run1/f")));
        // nested class point: its directory is the access point relative to the area's, so both name one file
        assertEquals("fast bytes", Files.readString(gw.root("data").resolve("fast/run1/f")));
        // a class point outside the area's: the directory is the class name
        assertEquals("cheap bytes", Files.readString(gw.root("data").resolve("CHEAP-ANALYSIS/run1/f")));
        assertEquals(200, gw.get("/data/CHEAP-ANALYSIS/run1/f").statusCode(), "the area's own point shows it all");
        assertEquals(204, gw.delete("/data/fast/run1/f").statusCode());
        assertEquals("cheap bytes", TestGateway.text(gw.get("/cheap/run1/f")), "deleting one class's copy");
    }

    @Test
    void aClassViewCannotReachOutsideItsDirectory() {
        assertEquals(201, gw.put("/data/outside", "x").statusCode());
        assertEquals(404, gw.get("/cheap/outside").statusCode());
        var listing = TestGateway.text(gw.propfind("/cheap/", "1", null));
        assertFalse(listing.contains("outside"), listing);
        assertTrue(gw.propfind("/cheap/", "1", null).statusCode() == 207);
    }

    /**
     * The area's group policies govern its class views, in the area's own paths: the embargo on
     * /CHEAP-ANALYSIS/embargoed holds at /cheap/embargoed. (A view that looked its policies up by its own name found
     * none, and anonymous read-write let everyone in.) Anonymous callers refused hear 401.
     */
    @Test
    void theAreasPoliciesGovernItsClassViews() throws Exception {
        Files.createDirectories(gw.root("data").resolve("CHEAP-ANALYSIS/embargoed"));
        Files.writeString(gw.root("data").resolve("CHEAP-ANALYSIS/embargoed/f"), "secret");
        assertEquals(401, gw.get("/data/CHEAP-ANALYSIS/embargoed/f").statusCode(), "through the area's own point");
        assertEquals(401, gw.get("/cheap/embargoed/f").statusCode(), "through the class's point");
        assertEquals(401, gw.put("/cheap/embargoed/g", "x").statusCode());
        assertEquals(201, gw.put("/cheap/open/g", "x").statusCode());
    }

    @Test
    void aTapeClassOnAPosixAreaIsRefusedAtStart(@TempDir Path other) {
        Exception e = assertThrows(Exception.class, () -> TestGateway.in(other).area("data",
                "qos: {classes: [{name: SAFE, placement: disk+tape, access-point: /data/safe}]}").start());
        assertEquals("storage-areas[0].qos: class SAFE of storage area 'data' (posix backend) asks for placement"
                + " disk+tape, but this backend keeps files on disk only; use placement: disk, or a tape-sim backend"
                + " for tape classes", e.getMessage());
    }
}
