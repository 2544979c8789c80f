package org.tributary.gateway.tape;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stage request is forgotten {@code request-lifetime} after submission (SPECS §2.6: "expire stage requests after
 * about a day"): its id then answers 404 like an unknown one. The store's own expiry rules are tested with explicit
 * times in {@link StageRequestStoreContract}; this one runs the configured lifetime through the real gateway.
 */
class StageRequestsExpireTest {

    @TempDir
    Path dir;

    @Test
    void anExpiredRequestIsGone() throws Exception {
        try (TapeGateway gw = TapeGateway.start(dir, "anonymous: read-write", "tape-rest:\n"
                + "  request-lifetime: 1s\n  state-directory: \"" + dir.resolve("state") + "\"\n")) {
            gw.diskFile("e1");
            String id = gw.stage("/tape/e1");
            long deadline = System.nanoTime() + 30_000_000_000L;
            int status;
            do {
                status = gw.send("GET", TapeGateway.API + "/stage/" + id, null).statusCode();
                if (status == 200) Thread.sleep(100);
            } while (status == 200 && System.nanoTime() < deadline);
            assertEquals(404, status, "the request outlived its lifetime");
            assertTrue(gw.send("GET", TapeGateway.API + "/stage/" + id, null).body().contains("expired"));
        }
    }
}
