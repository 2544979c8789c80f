package org.tributary.gateway.tape;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Several gateways serving one tape area share their stage requests through PostgreSQL (issue 12, item 6): a request
 * staged on one is polled, cancelled and deleted on the other. Both gateways wrap the same area with one
 * {@link FakeTape}, i.e. one library, as two gateways in front of one tape backend would.
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
            FakeTape library = new FakeTape();
            try (TapeGateway a = TapeGateway.start(dir, library, "anonymous: read-write", yaml);
                 TapeGateway b = TapeGateway.start(dir, library, "anonymous: read-write", yaml)) {
                var p1 = a.tapeFile("p1", true);
                a.tapeFile("p2", true);
                String id = a.stage("/tape/p1", "/tape/p2");
                library.finishRecall(p1, Instant.now());
                Map<String, Map<String, Object>> files = TapeGateway.files(b.poll(id));
                assertEquals("COMPLETED", files.get("/tape/p1").get("state"));
                assertEquals("SUBMITTED", files.get("/tape/p2").get("state"));
                assertEquals(200, b.post("/stage/" + id + "/cancel", TapeGateway.pathsBody("/tape/p2")).statusCode());
                assertEquals("CANCELED", TapeGateway.files(a.poll(id)).get("/tape/p2").get("state"));
                assertEquals(200, a.send("DELETE", TapeGateway.API + "/stage/" + id, null).statusCode());
                assertEquals(404, b.send("GET", TapeGateway.API + "/stage/" + id, null).statusCode());
            }
        }
    }
}
