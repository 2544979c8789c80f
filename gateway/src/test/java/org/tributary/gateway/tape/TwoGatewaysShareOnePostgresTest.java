package org.tributary.gateway.tape;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.staging.StageProgress;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Several gateways serving one tape area share their stage requests through PostgreSQL (issue 12, item 6): a request
 * staged on one is polled, cancelled and deleted on the other.
 *
 * <p>One tape area, one library: tape-sim's library belongs to one process (its drives, robot and recall queue live in
 * the backend object, and nothing keeps a second process off its directory, whose drives would write the same
 * cartridges), so the two gateways run in this JVM and the second is handed the first's tape backend object
 * ({@link TapeGateway#startBeside}), as gateway nodes in front of one tape system share it. Each gateway has its own
 * listener, Tape REST service and PostgreSQL store connection. The library's time is held and let go one drive step
 * at a time until p1 is on disk; p2, on another cartridge, then waits for its mount.
 */
class TwoGatewaysShareOnePostgresTest {

    @TempDir
    Path dir;

    @Test
    void stageOnOnePollAndCancelOnTheOther() throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            String url = pg.freshDatabase();
            String yaml = "tape-rest:\n  sitename: TEST-TAPE\n  store: {type: postgresql, url: \"" + url + "\", user: "
                    + PostgresServer.USER + "}\n";
            try (TapeGateway a = TapeGateway.start(dir, "anonymous: read-write", yaml);
                 TapeGateway b = TapeGateway.startBeside(a, dir, yaml)) {
                var p1 = a.putOnTape("p1", "p2").getFirst();
                a.hold();
                try {
                    String id = a.stage("/tape/p1", "/tape/p2");
                    a.stepUntil(() -> a.progress(id, p1).state() == StageProgress.State.ON_DISK, "p1 on disk");
                    Map<String, Map<String, Object>> files = TapeGateway.files(b.poll(id));
                    assertEquals("COMPLETED", files.get("/tape/p1").get("state"));
                    assertEquals("SUBMITTED", files.get("/tape/p2").get("state"));
                    assertEquals(200, b.post("/stage/" + id + "/cancel", TapeGateway.pathsBody("/tape/p2")).statusCode());
                    assertEquals("CANCELED", TapeGateway.files(a.poll(id)).get("/tape/p2").get("state"));
                    assertEquals(200, a.send("DELETE", TapeGateway.API + "/stage/" + id, null).statusCode());
                    assertEquals(404, b.send("GET", TapeGateway.API + "/stage/" + id, null).statusCode());
                } finally {
                    a.time.letGo();
                }
            }
        }
    }
}
