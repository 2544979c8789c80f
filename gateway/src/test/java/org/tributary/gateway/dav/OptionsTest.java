package org.tributary.gateway.dav;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tributary.gateway.DefaultGatewayTest;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OPTIONS advertises WebDAV class 1 and the methods served, COPY included (SPECS §1.4, §5.4). */
class OptionsTest extends DefaultGatewayTest {

    @BeforeAll
    static void seed() throws Exception {
        assertEquals(201, gw.put("/data/o/file", "x").statusCode());
    }

    private static Set<String> allow(HttpResponse<byte[]> r) {
        String allow = r.headers().firstValue("Allow").orElseThrow(() -> new AssertionError("no Allow header"));
        return Arrays.stream(allow.split(",")).map(String::trim).collect(Collectors.toSet());
    }

    private static void assertDavOptions(HttpResponse<byte[]> r) {
        assertEquals(200, r.statusCode());
        String dav = r.headers().firstValue("DAV").orElseThrow(() -> new AssertionError("no DAV header"));
        assertTrue(Arrays.stream(dav.split(",")).map(String::trim).anyMatch("1"::equals), "DAV: " + dav);
        Set<String> allow = allow(r);
        for (String m : new String[]{"OPTIONS", "GET", "HEAD", "PUT", "DELETE", "MKCOL", "PROPFIND", "PROPPATCH", "COPY", "MOVE"}) {
            assertTrue(allow.contains(m), "Allow lacks " + m + ": " + allow);
        }
    }

    @Test
    void optionsOnCollection() {
        assertDavOptions(gw.send("OPTIONS", "/data/o/", (byte[]) null));
    }

    @Test
    void optionsOnAreaRoot() {
        assertDavOptions(gw.send("OPTIONS", "/data", (byte[]) null));
    }

    @Test
    void optionsOnFile() {
        assertDavOptions(gw.send("OPTIONS", "/data/o/file", (byte[]) null));
    }

    @Test
    void optionsOnServerRoot() {
        assertDavOptions(gw.send("OPTIONS", "/", (byte[]) null));
    }

    @Test
    void optionsDoesNotAdvertiseLocking() {
        HttpResponse<byte[]> r = gw.send("OPTIONS", "/data/", (byte[]) null);
        String dav = r.headers().firstValue("DAV").orElse("");
        assertTrue(!dav.contains("2"), "class 2 needs LOCK, which is not served: " + dav);
        assertTrue(!allow(r).contains("LOCK"));
    }
}
