package org.tributary.gateway.tape;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tributary.backend.AreaPath;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPECS §2.2: cancel is all or nothing, delete forgets the id, release works by path for ids it does not know. */
class CancelDeleteReleaseTest extends DefaultTapeGatewayTest {

    /** The library's time is held: the recalls wait for their first drive step (the mount) while the test asks. */
    @Test
    void cancelEndsTheNamedFilesWithCanceled() throws Exception {
        gw.putOnTape("c1", "c2");
        gw.hold();
        try {
            String id = gw.stage("/tape/c1", "/tape/c2");
            HttpResponse<String> r = gw.post("/stage/" + id + "/cancel", TapeGateway.pathsBody("/tape/c1"));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("", r.body());
            Map<String, Map<String, Object>> files = TapeGateway.files(gw.poll(id));
            // gfal2 matches CANCELED (one L): docs/tape-rest.md
            assertEquals("CANCELED", files.get("/tape/c1").get("state"));
            assertTrue(files.get("/tape/c1").get("finishedAt") instanceof Number, files.toString());
            assertEquals("SUBMITTED", files.get("/tape/c2").get("state"));
            assertTrue(!gw.pinHolders(AreaPath.parse("/c1")).contains(id), "the cancelled file's pin is gone");
        } finally {
            gw.time.letGo();
        }
    }

    @Test
    void aFileThatHadFinishedKeepsItsOutcomeWhenCancelled() throws Exception {
        gw.diskFile("c9");
        String id = gw.stage("/tape/c9");
        assertEquals(200, gw.post("/stage/" + id + "/cancel", TapeGateway.pathsBody("/tape/c9")).statusCode());
        assertEquals("COMPLETED", TapeGateway.files(gw.poll(id)).get("/tape/c9").get("state"));
    }

    @Test
    void cancelWithAPathOutsideTheRequestIs400AndCancelsNothing() throws Exception {
        gw.putOnTape("c3");
        gw.hold();
        try {
            String id = gw.stage("/tape/c3");
            HttpResponse<String> r = gw.post("/stage/" + id + "/cancel", TapeGateway.pathsBody("/tape/c3", "/tape/other"));
            assertEquals(400, r.statusCode(), r.body());
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(TapeGateway.object(r.body()).get("detail").toString().contains("/tape/other"), r.body());
            assertEquals("SUBMITTED", TapeGateway.files(gw.poll(id)).get("/tape/c3").get("state"), "no action");
        } finally {
            gw.time.letGo();
        }
    }

    @Test
    void cancelOfAnUnknownRequestIs404() throws Exception {
        assertEquals(404, gw.post("/stage/nope/cancel", TapeGateway.pathsBody("/tape/x")).statusCode());
    }

    @Test
    void deleteCancelsEverythingAndForgetsTheId() throws Exception {
        AreaPath c4 = gw.putOnTape("c4");
        gw.hold();
        try {
            String id = gw.stage("/tape/c4");
            assertEquals(200, gw.send("DELETE", TapeGateway.API + "/stage/" + id, null).statusCode());
            assertEquals(404, gw.send("GET", TapeGateway.API + "/stage/" + id, null).statusCode());
            assertEquals(404, gw.send("DELETE", TapeGateway.API + "/stage/" + id, null).statusCode());
            assertEquals("CANCELLED", gw.progress(id, c4).state().name(), "the recall was dropped");
        } finally {
            gw.time.letGo();
        }
    }

    @Test
    void releaseDropsTheRequestsPin() throws Exception {
        gw.diskFile("c5");
        String id = gw.stage("/tape/c5");
        assertTrue(gw.pinHolders(AreaPath.parse("/c5")).contains(id));
        HttpResponse<String> r = gw.post("/release/" + id, TapeGateway.pathsBody("/tape/c5"));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(gw.pinHolders(AreaPath.parse("/c5")).isEmpty());
    }

    @Test
    void releaseWithGfalsPlaceholderIdReleasesByPath() throws Exception {
        gw.diskFile("c6");
        String a = gw.stage("/tape/c6");
        String b = gw.stage("/tape/c6");
        assertEquals(2, gw.pinHolders(AreaPath.parse("/c6")).size());
        HttpResponse<String> r = gw.post("/release/gfal2-placeholder-id",
                TapeGateway.pathsBody("/tape/c6", "/disk/not-on-tape", "/nowhere/x"));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(gw.pinHolders(AreaPath.parse("/c6")).isEmpty(), "every pin on the path, " + a + " and " + b);
    }

    @Test
    void releaseOfAKnownRequestWithAForeignPathIs400() throws Exception {
        gw.diskFile("c7");
        String id = gw.stage("/tape/c7");
        assertEquals(400, gw.post("/release/" + id, TapeGateway.pathsBody("/tape/c7", "/tape/c8")).statusCode());
        assertTrue(gw.pinHolders(AreaPath.parse("/c7")).contains(id), "nothing released");
    }
}
