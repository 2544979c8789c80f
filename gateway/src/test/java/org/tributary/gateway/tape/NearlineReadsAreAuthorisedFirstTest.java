package org.tributary.gateway.tape;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.security.LocalTestIssuer;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A read of a file that is on tape only is checked against the caller's rights before anything about the file is
 * told: a token that may not read gets its 403, not the 503 "on tape only, stage it first" that would say where the
 * file is; a caller who may read gets the 503 and its reason. (Before, the backend's OFFLINE refusal came first.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NearlineReadsAreAuthorisedFirstTest {

    static final String AUD = "se.example.org";

    @TempDir
    static Path dir;
    LocalTestIssuer issuer;
    TapeGateway gw;

    @BeforeAll
    void start() throws Exception {
        issuer = LocalTestIssuer.start();
        gw = TapeGateway.start(dir, "anonymous: read-write", """
                token-issuers:
                  - {name: test, issuer: "%s", allow-http-on-loopback: true, audiences: [%s]}
                %s""".formatted(issuer.url(), AUD, TapeGateway.defaultTapeRest(dir)));
        gw.putOnTape("n");
    }

    @AfterAll
    void stop() throws Exception {
        if (gw != null) gw.close();
        if (issuer != null) issuer.close();
    }

    String[] bearer(String scope) {
        return new String[] {"Authorization", "Bearer " + issuer.wlcg(Instant.now(), "user", AUD, scope, List.of())};
    }

    @Test
    void aCallerWhoMayNotReadGets403NotTheTapeAnswer() throws Exception {
        HttpResponse<String> r = gw.send("GET", "/tape/n", null, bearer("storage.create:/"));
        assertEquals(403, r.statusCode(), r.body());
        assertFalse(r.body().contains("tape"), r.body());
    }

    @Test
    void aCallerWhoMayReadGets503WithTheReason() throws Exception {
        HttpResponse<String> r = gw.send("GET", "/tape/n", null, bearer("storage.read:/"));
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(r.body().contains("stage it first"), r.body());
        assertTrue(r.headers().firstValue("Retry-After").isPresent());
    }

    @Test
    void aHeadOfIt() throws Exception {
        HttpResponse<String> r = gw.send("HEAD", "/tape/n", null, bearer("storage.create:/"));
        assertEquals(200, r.statusCode(), "create grants stat: HEAD answers from the metadata");
        assertEquals("NEARLINE", r.headers().firstValue("FileLocality").orElse(""));
    }
}
