package org.tributary.gateway.tape;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stage requests persist (issue 12, item 6): after a restart the ids still answer, and the files that were neither
 * cancelled nor refused are handed to the backend again. The tape area is the real one on the same directories: the
 * first gateway stops while the library's time is held (the recall of r1 waits for its mount), the second starts held
 * too, so r1 is still on its way when the test asks (tape-sim resumes its own queue from its catalogue; the gateway's
 * second stage of r1 is harmless by the Staging rules).
 */
class StageRequestsSurviveARestartTest {

    @TempDir
    Path dir;

    @Test
    void requestsAnswerAfterARestartAndUnfinishedFilesAreStagedAgain() throws Exception {
        String id;
        try (TapeGateway first = TapeGateway.start(dir)) {
            first.putOnTape("r1", "r2");
            Files.writeString(first.diskRoot.resolve("d"), "disk only");
            first.hold();
            id = first.stage("/tape/r1", "/tape/r2", "/disk/d");
            assertEquals(200, first.post("/stage/" + id + "/cancel", TapeGateway.pathsBody("/tape/r2")).statusCode());
        }
        try (TapeGateway second = TapeGateway.startHeld(dir)) {
            assertEquals(1, second.stageCalls.size(), second.stageCalls.toString());
            assertEquals(id + " [/r1]", second.stageCalls.getFirst(), "only the live file, not the cancelled one");
            Map<String, Map<String, Object>> files = TapeGateway.files(second.poll(id));
            assertEquals("SUBMITTED", files.get("/tape/r1").get("state"));
            assertEquals("CANCELED", files.get("/tape/r2").get("state"));
            assertEquals("FAILED", files.get("/disk/d").get("state"));
            assertTrue(Files.exists(dir.resolve("state/stage-requests.db")), "the SQLite file is in state-directory");
        }
    }
}
