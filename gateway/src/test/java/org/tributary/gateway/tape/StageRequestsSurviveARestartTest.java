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
 * cancelled nor refused are handed to the backend again (a fresh {@link FakeTape} stands for a backend that lost
 * nothing but is asked again: the Staging rules make that harmless).
 */
class StageRequestsSurviveARestartTest {

    @TempDir
    Path dir;

    @Test
    void requestsAnswerAfterARestartAndUnfinishedFilesAreStagedAgain() throws Exception {
        String id;
        try (TapeGateway first = TapeGateway.start(dir, new FakeTape())) {
            first.tapeFile("r1", true);
            first.tapeFile("r2", true);
            Files.writeString(first.diskRoot.resolve("d"), "disk only");
            id = first.stage("/tape/r1", "/tape/r2", "/disk/d");
            assertEquals(200, first.post("/stage/" + id + "/cancel", TapeGateway.pathsBody("/tape/r2")).statusCode());
        }
        FakeTape after = new FakeTape();
        after.putOnTape(org.tributary.backend.AreaPath.parse("/r1"));
        try (TapeGateway second = TapeGateway.start(dir, after)) {
            assertEquals(1, after.stageCalls.size(), after.stageCalls.toString());
            assertEquals(id + " [/r1]", after.stageCalls.getFirst(), "only the live file, not the cancelled one");
            Map<String, Map<String, Object>> files = TapeGateway.files(second.poll(id));
            assertEquals("SUBMITTED", files.get("/tape/r1").get("state"));
            assertEquals("CANCELED", files.get("/tape/r2").get("state"));
            assertEquals("FAILED", files.get("/disk/d").get("state"));
            assertTrue(Files.exists(dir.resolve("state/stage-requests.db")), "the SQLite file is in state-directory");
        }
    }
}
