package org.tributary.gateway.tape;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPECS §2.4: an array in request order; locality or error per path, never an error for the whole request. */
class ArchiveInfoTest extends DefaultTapeGatewayTest {

    @Test
    void eachPathGetsItsLocalityOrAnError() throws Exception {
        gw.putOnTape("a1");
        gw.diskFile("a2");
        Files.writeString(gw.diskRoot.resolve("d"), "x");
        Files.createDirectories(gw.tapeRoot.resolve("dir"));
        HttpResponse<String> r = gw.post("/archiveinfo", TapeGateway.pathsBody("/tape/a1", "//tape/a2", "/disk/d",
                "/tape/missing", "/nowhere/x", "/tape/../x", "/tape/dir"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        List<Map<String, Object>> a = TapeGateway.array(r.body());
        assertEquals(7, a.size(), r.body());
        assertEquals(Map.of("path", "/tape/a1", "locality", "TAPE"), a.get(0));
        assertEquals(Map.of("path", "/tape/a2", "locality", "DISK"), a.get(1));
        assertEquals(Map.of("path", "/disk/d", "locality", "DISK"), a.get(2));
        assertEquals(TapeRestOperations.NOT_ACCESSIBLE, a.get(3).get("error"));
        assertEquals(TapeRestOperations.NOT_ACCESSIBLE, a.get(4).get("error"));
        assertTrue(a.get(5).get("error").toString().startsWith("USER ERROR"), a.get(5).toString());
        assertTrue(a.get(6).containsKey("error") && !a.get(6).containsKey("locality"), a.get(6).toString());
        assertFalse(r.body().contains("null"), r.body());
    }

    @Test
    void moreThanTheLimitStillAnswersEveryPath() throws Exception {
        int n = 10_001; // the default limit is 10,000
        StringBuilder b = new StringBuilder("{\"paths\":[");
        for (int i = 0; i < n; i++) b.append(i == 0 ? "" : ",").append("\"/tape/many-").append(i).append('"');
        HttpResponse<String> r = gw.post("/archiveinfo", b.append("]}").toString());
        assertEquals(200, r.statusCode());
        List<Map<String, Object>> a = TapeGateway.array(r.body());
        assertEquals(n, a.size());
        assertTrue(a.get(n - 1).get("error").toString().contains("too many paths"), a.get(n - 1).toString());
    }

    @Test
    void aBodyThatIsNotJsonIs400() throws Exception {
        HttpResponse<String> r = gw.post("/archiveinfo", "paths=/tape/a");
        assertEquals(400, r.statusCode());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow());
        // deep nesting is refused by the parser, not by a stack overflow (a 500)
        r = gw.post("/archiveinfo", "{\"paths\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}");
        assertEquals(400, r.statusCode(), r.body());
    }
}
