package org.tributary.gateway.tape;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tributary.backend.AreaPath;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPECS §2.2 and §2.3: stage answers 201 + Location + requestId; poll follows each file to a terminal state. */
class StageAndPollTest extends DefaultTapeGatewayTest {

    @Test
    void stageAnswers201WithLocationAndRequestId() throws Exception {
        gw.putOnTape("s1");
        HttpResponse<String> r = gw.post("/stage", TapeGateway.stageBody("/tape/s1"));
        assertEquals(201, r.statusCode(), r.body());
        String id = (String) TapeGateway.object(r.body()).get("requestId");
        assertNotNull(id);
        assertEquals(gw.base() + TapeGateway.API + "/stage/" + id, r.headers().firstValue("Location").orElseThrow());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
    }

    /** The drive is held before its first step (the mount), then let go a step at a time until it reads the file. */
    @Test
    void aFileGoesFromSubmittedToStartedToCompleted() throws Exception {
        gw.putOnTape("s2");
        gw.hold();
        String id;
        try {
            id = gw.stage("/tape/s2");
            Map<String, Object> doc = gw.poll(id);
            assertEquals(id, doc.get("id"));
            assertEquals(doc.get("createdAt"), doc.get("startedAt"));
            assertFalse(doc.containsKey("completedAt"), "not every file is done: " + doc);
            Map<String, Object> f = TapeGateway.files(doc).get("/tape/s2");
            assertEquals("SUBMITTED", f.get("state"));
            assertFalse(f.containsKey("startedAt") || f.containsKey("error") || f.containsKey("onDisk"), f.toString());

            gw.stepUntil(() -> "STARTED".equals(gw.pollState(id, "/tape/s2")), "the recall of s2 to start");
            f = TapeGateway.files(gw.poll(id)).get("/tape/s2");
            assertEquals("STARTED", f.get("state"));
            assertTrue(f.get("startedAt") instanceof Number, f.toString());
            assertFalse(f.containsKey("finishedAt"), f.toString());
        } finally {
            gw.time.letGo();
        }

        TapeGateway.await(() -> "COMPLETED".equals(gw.pollState(id, "/tape/s2")), "the recall of s2 to end");
        Map<String, Object> doc = gw.poll(id);
        Map<String, Object> f = TapeGateway.files(doc).get("/tape/s2");
        assertEquals("COMPLETED", f.get("state"));
        assertTrue(f.get("finishedAt") instanceof Number, f.toString());
        assertTrue(doc.get("completedAt") instanceof Number, "every file is done: " + doc);
        assertFalse(doc.toString().contains("null"), doc.toString());
    }

    @Test
    void aFileAlreadyOnDiskIsAcceptedAndCompletedAtOnce() throws Exception {
        gw.diskFile("s3");
        String id = gw.stage("/tape/s3");
        assertEquals("COMPLETED", TapeGateway.files(gw.poll(id)).get("/tape/s3").get("state"));
        assertTrue(gw.pinHolders(AreaPath.parse("/s3")).contains(id), "pinned by the request");
    }

    /** An unreadable cartridge, caused for real: the file that holds it is removed. */
    @Test
    void aFailedRecallCarriesTheBackendsError() throws Exception {
        AreaPath p = gw.putOnTape("s4");
        String cartridge = gw.removeCartridgeOf(p);
        String id = gw.stage("/tape/s4");
        TapeGateway.await(() -> "FAILED".equals(gw.pollState(id, "/tape/s4")), "the recall of s4 to fail");
        Map<String, Object> f = TapeGateway.files(gw.poll(id)).get("/tape/s4");
        assertEquals("FAILED", f.get("state"));
        assertEquals(gw.progress(id, p).error().orElseThrow(), f.get("error"));
        assertTrue(f.get("error").toString().contains("cartridge " + cartridge + " cannot be read"), f.toString());
    }

    @Test
    void pathsThatCannotBeStagedFailPerFileAtPollTimeNotAtSubmission() throws Exception {
        Files.writeString(gw.diskRoot.resolve("d1"), "disk only");
        Files.createDirectories(gw.tapeRoot.resolve("dir1"));
        gw.diskFile("s5");
        String id = gw.stage("/disk/d1", "/elsewhere/x", "/tape/dir1", "/tape/missing", "/tape/s5");
        Map<String, Map<String, Object>> files = TapeGateway.files(gw.poll(id));
        assertEquals(5, files.size(), files.toString());
        assertEquals("FAILED", files.get("/disk/d1").get("state"));
        assertTrue(((String) files.get("/disk/d1").get("error")).contains("has no tape"), files.toString());
        assertEquals("FAILED", files.get("/elsewhere/x").get("state"));
        assertEquals("FAILED", files.get("/tape/dir1").get("state"));
        assertEquals("FAILED", files.get("/tape/missing").get("state"));
        assertEquals("COMPLETED", files.get("/tape/s5").get("state"));
        for (Map<String, Object> f : files.values()) {
            assertTrue(f.containsKey("state") && !f.containsKey("onDisk"), "state XOR onDisk: " + f);
        }
    }

    @Test
    void pathsAreDecodedOnceAndEchoedAsSentWithSlashesCollapsed() throws Exception {
        gw.diskFile("a b");
        String id = gw.stage("//tape//a%20b", "/tape/a b");
        Map<String, Map<String, Object>> files = TapeGateway.files(gw.poll(id));
        assertEquals(1, files.size(), "two spellings of one file are one entry: " + files);
        assertEquals("COMPLETED", files.get("/tape/a%20b").get("state"), files.toString());
    }

    @Test
    void dotSegmentsAndEncodedSlashesAreRefusedLikeInAUrl() throws Exception {
        for (String bad : new String[] {"/tape/../disk/d", "/tape/%2e%2e/x", "/tape/a%2Fb", "tape/relative"}) {
            HttpResponse<String> r = gw.post("/stage", TapeGateway.stageBody(bad));
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow());
        }
    }

    @Test
    void trailingSlashesAreAccepted() throws Exception {
        gw.diskFile("s6");
        HttpResponse<String> r = gw.post("/stage/", TapeGateway.stageBody("/tape/s6"));
        assertEquals(201, r.statusCode(), r.body());
        String id = (String) TapeGateway.object(r.body()).get("requestId");
        assertEquals(200, gw.send("GET", TapeGateway.API + "/stage/" + id + "/", null).statusCode());
        assertEquals(200, gw.post("/archiveinfo/", TapeGateway.pathsBody("/tape/s6")).statusCode());
    }

    @Test
    void unknownIdIs404AsAProblemDocument() throws Exception {
        HttpResponse<String> r = gw.send("GET", TapeGateway.API + "/stage/no-such-id", null);
        assertEquals(404, r.statusCode());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow());
        Map<String, Object> p = TapeGateway.object(r.body());
        assertEquals(404L, ((Number) p.get("status")).longValue());
        assertEquals("Not Found", p.get("title"));
        assertTrue(((String) p.get("detail")).contains("no-such-id"), r.body());
    }

    @Test
    void badJsonIs400AndUnknownFieldsAreIgnored() throws Exception {
        assertEquals(400, gw.post("/stage", "{\"files\": [").statusCode());
        assertEquals(400, gw.post("/stage", "[]").statusCode());
        assertEquals(400, gw.post("/stage", "{\"files\": []}").statusCode());
        assertEquals(400, gw.post("/stage", "{\"files\": [{\"path\": \"/tape/x\", \"diskLifetime\": \"soon\"}]}").statusCode());
        gw.diskFile("s7");
        HttpResponse<String> r = gw.post("/stage", "{\"files\": [{\"path\": \"/tape/s7\", \"diskLifetime\": \"PT2H\","
                + " \"targetedMetadata\": {\"OTHER-SITE\": {\"x\": 1}, \"default\": {\"activity\": \"T0\"}},"
                + " \"colour\": \"blue\"}], \"priority\": 3}");
        assertEquals(201, r.statusCode(), r.body());
    }

    @Test
    void aWrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> r = gw.send("GET", TapeGateway.API + "/stage", null);
        assertEquals(405, r.statusCode());
        assertEquals("POST", r.headers().firstValue("Allow").orElseThrow());
        assertEquals(404, gw.send("GET", TapeGateway.API + "/nothing", null).statusCode());
    }
}
