package org.tributary.gateway.tape;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPECS §2.1 (discovery) and §2.5a (2,000 files accepted; past the configured limit 413, never 403). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscoveryAndLimitsTest {

    @TempDir
    static Path dir;
    TapeGateway gw;

    @BeforeAll
    void start() throws Exception {
        gw = TapeGateway.start(dir, "anonymous: read-write", "tape-rest:\n  sitename: TEST-TAPE\n"
                + "  description: the test library\n  max-files-per-request: 2500\n  state-directory: \""
                + dir.resolve("state") + "\"\n");
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theWellKnownDocumentNamesTheSiteAndTheV1Endpoint() throws Exception {
        HttpResponse<String> r = gw.send("GET", "/.well-known/wlcg-tape-rest-api", null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(r.headers().firstValue("Cache-Control").orElse("").contains("max-age"));
        Map<String, Object> doc = TapeGateway.object(r.body());
        assertEquals("TEST-TAPE", doc.get("sitename"));
        assertEquals("the test library", doc.get("description"));
        List<Object> endpoints = (List<Object>) doc.get("endpoints");
        assertEquals(1, endpoints.size());
        Map<String, Object> e = (Map<String, Object>) endpoints.getFirst();
        assertEquals(gw.base() + TapeGateway.API, e.get("uri"));
        assertEquals("v1", e.get("version"));
        assertEquals(405, gw.send("POST", "/.well-known/wlcg-tape-rest-api", "{}").statusCode());
    }

    @Test
    void twoThousandFilesAreAccepted() throws Exception {
        String[] paths = new String[2000];
        for (int i = 0; i < paths.length; i++) paths[i] = "/tape/bulk/f" + i;
        String id = gw.stage(paths);
        Map<String, Object> doc = gw.poll(id);
        assertEquals(2000, TapeGateway.files(doc).size());
    }

    @Test
    void pastTheLimitIs413WithADetailThatSaysWhatToDo() throws Exception {
        String[] paths = new String[2501];
        for (int i = 0; i < paths.length; i++) paths[i] = "/tape/big/f" + i;
        HttpResponse<String> r = gw.post("/stage", TapeGateway.stageBody(paths));
        assertEquals(413, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow());
        String detail = (String) TapeGateway.object(r.body()).get("detail");
        assertTrue(detail.contains("2501") && detail.contains("2500") && detail.contains("split"), detail);
        assertFalse(r.body().contains("null"));
    }
}
