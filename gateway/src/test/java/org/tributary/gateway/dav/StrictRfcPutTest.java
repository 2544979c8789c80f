package org.tributary.gateway.dav;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.TestGateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** An area with put-creates-parents: false follows RFC 4918 §9.7.1: a PUT into a missing collection is 409. */
class StrictRfcPutTest {

    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.in(dir).area("data", "put-creates-parents: false").start();
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    @Test
    void putIntoMissingParentIs409AndCreatesNothing() {
        assertEquals(409, gw.put("/data/missing/file", "x").statusCode());
        assertFalse(Files.exists(gw.root().resolve("missing")), "no parent collection may be created");
        assertEquals(List.of(), TestGateway.temporaries(gw.root()));
    }

    @Test
    void putIntoDeepMissingParentsIs409AndCreatesNothing() {
        assertEquals(409, gw.put("/data/m1/m2/m3/file", "x").statusCode());
        assertFalse(Files.exists(gw.root().resolve("m1")));
    }

    @Test
    void putIntoExistingCollectionIs201() throws Exception {
        assertEquals(201, gw.mkcol("/data/there").statusCode());
        assertEquals(201, gw.put("/data/there/file", "x").statusCode());
        assertEquals("x", Files.readString(gw.root().resolve("there/file")));
    }

    @Test
    void putAtAreaTopLevelIs201() {
        assertEquals(201, gw.put("/data/top", "x").statusCode());
    }

    @Test
    void putBelowAFileIs409() {
        assertEquals(201, gw.put("/data/afile", "x").statusCode());
        assertEquals(409, gw.put("/data/afile/below", "y").statusCode());
    }

    @Test
    void mkcolThenPutIsTheStrictWay() throws Exception {
        assertEquals(201, gw.mkcol("/data/s1").statusCode());
        assertEquals(201, gw.mkcol("/data/s1/s2").statusCode());
        assertEquals(201, gw.put("/data/s1/s2/f", "z").statusCode());
        assertEquals("z", Files.readString(gw.root().resolve("s1/s2/f")));
    }
}
