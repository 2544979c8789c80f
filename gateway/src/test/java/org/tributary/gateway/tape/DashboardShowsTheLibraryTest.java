package org.tributary.gateway.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's tape section follows the library: a staged file waits in the recall queue while the drive is held,
 * is recalled by a busy drive, and the queue and the drive are free again once it is on disk. The disk area has no
 * library and no entry.
 */
class DashboardShowsTheLibraryTest extends DefaultTapeGatewayTest {

    @Test
    void aStagedFileIsQueuedThenRecalledByABusyDriveThenGone() throws Exception {
        gw.putOnTape("d1");
        gw.hold();
        String id;
        try {
            id = gw.stage("/tape/d1");
            Map<String, Object> t = library();
            assertEquals("tape", t.get("area"));
            assertEquals(1, number(t, "drives"));
            assertEquals(1, number(t, "drivesInService"));
            assertEquals(1, number(t, "recallsQueued") + number(t, "recallsRunning"), t.toString());
            gw.stepUntil(() -> number(library(), "recallsRunning") == 1, "the recall of d1 to start");
            assertEquals(1, number(library(), "drivesBusy"));
        } finally {
            gw.time.letGo();
        }
        TapeGateway.await(() -> "COMPLETED".equals(gw.pollState(id, "/tape/d1")), "the recall of d1 to end");
        TapeGateway.await(() -> {
            Map<String, Object> t = library();
            return number(t, "drivesBusy") == 0 && number(t, "recallsQueued") == 0 && number(t, "recallsRunning") == 0;
        }, "the drive and the queue to be free");
    }

    private Map<String, Object> library() throws Exception {
        HttpResponse<String> r = gw.send("GET", "/dashboard/status", null);
        assertEquals(200, r.statusCode(), r.body());
        List<?> tape = (List<?>) JSONObjectUtils.parse(r.body()).get("tape");
        assertEquals(1, tape.size(), tape.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) tape.get(0);
        return t;
    }

    private static long number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }
}
