package org.tributary.gateway.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.TestGateway;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Paths outside every storage area: "/" lists the areas' access points; anything else is 404. */
class RootPageTest {

    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.in(dir).area("data").area("scratch", "anonymous: read").start();
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    @Test
    void rootListsTheAccessPoints() {
        HttpResponse<byte[]> r = gw.get("/");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String html = TestGateway.text(r);
        assertTrue(html.contains("href=\"/data/\""), html);
        assertTrue(html.contains("href=\"/scratch/\""), html);
    }

    @Test
    void headOnRootIs200WithoutBody() {
        HttpResponse<byte[]> r = gw.head("/");
        assertEquals(200, r.statusCode());
        assertEquals(0, r.body().length);
    }

    @Test
    void pathsOutsideEveryAreaAre404() {
        assertEquals(404, gw.get("/nothing-here").statusCode());
        assertEquals(404, gw.get("/nothing/here/either").statusCode());
        assertEquals(404, gw.head("/datax").statusCode());
        assertEquals(404, gw.propfind("/nothing", "0", "").statusCode());
    }

    @Test
    void writesOutsideEveryAreaAreRefused() {
        int put = gw.put("/nowhere/file", "x").statusCode();
        assertTrue(put == 404 || put == 405 || put == 403, "PUT outside the areas: " + put);
        int mkcol = gw.mkcol("/newarea").statusCode();
        assertTrue(mkcol == 404 || mkcol == 405 || mkcol == 403, "MKCOL outside the areas: " + mkcol);
    }

    @Test
    void eachAreaIsServedAtItsAccessPoint() {
        assertEquals(201, gw.put("/data/in-data", "d").statusCode());
        assertEquals(404, gw.get("/scratch/in-data").statusCode());
        assertEquals("d", TestGateway.text(gw.get("/data/in-data")));
    }
}
