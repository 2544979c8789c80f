package org.tributary.gateway.server;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tributary.gateway.DefaultGatewayTest;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.TestGateway;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Methods the gateway does not serve are 405 with an Allow header (RFC 9110 §15.5.6); locking is not offered. */
class UnsupportedMethodTest extends DefaultGatewayTest {

    @BeforeAll
    static void seed() throws Exception {
        assertEquals(201, gw.put("/data/f", "x").statusCode());
    }

    private static void assert405WithAllow(HttpResponse<byte[]> r) {
        assertEquals(405, r.statusCode());
        String allow = r.headers().firstValue("Allow").orElseThrow(() -> new AssertionError("405 without Allow"));
        assertTrue(allow.contains("PROPFIND") && allow.contains("COPY"), allow);
    }

    @Test
    void lockIs405() {
        String body = "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope>"
                + "<D:locktype><D:write/></D:locktype></D:lockinfo>";
        assert405WithAllow(gw.send("LOCK", "/data/f", body));
    }

    @Test
    void unlockIs405() {
        assert405WithAllow(gw.send("UNLOCK", "/data/f", (byte[]) null, "Lock-Token", "<opaquelocktoken:x>"));
    }

    @Test
    void unknownMethodIs405() {
        assert405WithAllow(gw.send("FROBNICATE", "/data/f", (byte[]) null));
        assert405WithAllow(gw.send("PATCH", "/data/f", "x"));
        assert405WithAllow(gw.send("POST", "/data/f", "x"));
    }

    @Test
    void traceDoesNotEchoTheRequest() throws Exception {
        RawHttp.Response r = gw.raw("TRACE", "/data/f", null, "X-Secret-Header", "echo-me-not");
        assertTrue(r.status() >= 400, r.toString());
        assertFalse(r.text().contains("echo-me-not"), r.toString());
    }

    @Test
    void rejectedMethodChangesNothing() {
        gw.send("POST", "/data/f", "overwrite?");
        assertEquals("x", TestGateway.text(gw.get("/data/f")));
    }
}
