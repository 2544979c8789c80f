package org.tributary.gateway.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.TestGateway;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where third-party copy is disabled (area tpc: false), a COPY naming another server (Destination elsewhere, or Source) is 501 so
 * gfal2 falls back to a streamed copy (SPECS §1.4); a MOVE to another server is impossible (502).
 */
class ThirdPartyCopyRefusedTest {

    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.in(dir).area(TestGateway.DATA, "tpc: false").start(); // TPC itself: gateway/.../tpc tests
        assertEquals(201, gw.put("/data/src", "content").statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    @Test
    void pushCopyToAnotherHostIs501() {
        assertEquals(501, gw.send("COPY", "/data/src", (byte[]) null,
                "Destination", "https://other.example.org:8443/data/dst").statusCode());
    }

    @Test
    void copyToSameHostOtherPortIsForeign() {
        int other = gw.port() == 65535 ? 65534 : gw.port() + 1;
        assertEquals(501, gw.send("COPY", "/data/src", (byte[]) null,
                "Destination", "http://127.0.0.1:" + other + "/data/dst").statusCode());
        assertTrue(!Files.exists(gw.root().resolve("dst")));
    }

    @Test
    void pullCopyWithSourceIs501() {
        assertEquals(501, gw.send("COPY", "/data/pulled", (byte[]) null,
                "Source", "https://other.example.org/data/x").statusCode());
        assertTrue(!Files.exists(gw.root().resolve("pulled")));
    }

    @Test
    void sourceAndDestinationTogetherIs400() {
        assertEquals(400, gw.send("COPY", "/data/src", (byte[]) null,
                "Source", "https://a.example.org/x", "Destination", "https://b.example.org/y").statusCode());
    }

    @Test
    void moveToAnotherHostIs502AndKeepsTheSource() throws Exception {
        assertEquals(502, gw.send("MOVE", "/data/src", (byte[]) null,
                "Destination", "https://other.example.org/data/dst").statusCode());
        assertEquals("content", Files.readString(gw.root().resolve("src")));
    }

    @Test
    void copyToAPathOutsideEveryAreaIs502() {
        assertEquals(502, gw.copyOrMove("COPY", "/data/src", "/not-an-area/dst").statusCode());
    }
}
