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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WLCG JWT profile v1.3 on the Tape REST API (SPECS §2.5, §3.2): storage.stage for stage, cancel, delete and release;
 * storage.poll or any storage scope for poll and archiveinfo; storage.stage does not grant read, except for an issuer
 * with the legacy switch stage-grants-read. A request with one file the caller may not stage is refused whole.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TapeRestScopesTest {

    static final String AUD = "se.example.org";

    @TempDir
    static Path dir;
    LocalTestIssuer current;
    LocalTestIssuer legacy;
    TapeGateway gw;

    @BeforeAll
    void start() throws Exception {
        current = LocalTestIssuer.start();
        legacy = LocalTestIssuer.start();
        gw = TapeGateway.start(dir, "anonymous: none", """
                token-issuers:
                  - {name: current, issuer: "%s", allow-http-on-loopback: true, audiences: [%s]}
                  - {name: legacy, issuer: "%s", allow-http-on-loopback: true, audiences: [%s], stage-grants-read: true}
                tape-rest:
                  sitename: TEST-TAPE
                  state-directory: "%s"
                """.formatted(current.url(), AUD, legacy.url(), AUD, dir.resolve("state")));
        gw.diskFile("f");
        gw.diskFile("g");
        java.nio.file.Files.createDirectories(gw.tapeRoot.resolve("sub"));
        gw.diskFile("sub/h");
    }

    @AfterAll
    void stop() throws Exception {
        if (gw != null) gw.close();
        if (current != null) current.close();
        if (legacy != null) legacy.close();
    }

    String[] bearer(LocalTestIssuer issuer, String scope) {
        return new String[] {"Authorization", "Bearer " + issuer.wlcg(Instant.now(), "user", AUD, scope, List.of())};
    }

    String stageWith(String[] auth, String... paths) throws Exception {
        HttpResponse<String> r = gw.post("/stage", TapeGateway.stageBody(paths), auth);
        assertEquals(201, r.statusCode(), r.body());
        return (String) TapeGateway.object(r.body()).get("requestId");
    }

    @Test
    void stageScopeStagesButDoesNotRead() throws Exception {
        String[] stage = bearer(current, "storage.stage:/");
        String id = stageWith(stage, "/tape/f");
        assertEquals(200, gw.send("GET", TapeGateway.API + "/stage/" + id, null, stage).statusCode(), "stage polls too");
        HttpResponse<String> get = gw.send("GET", "/tape/f", null, stage);
        assertEquals(403, get.statusCode(), "v1.3: storage.stage does not imply read");
        assertTrue(get.body().contains("does not grant read"), get.body());
    }

    @Test
    void theLegacySwitchLetsAStageTokenRead() throws Exception {
        String[] stage = bearer(legacy, "storage.stage:/");
        stageWith(stage, "/tape/f");
        assertEquals(200, gw.send("GET", "/tape/f", null, stage).statusCode());
    }

    @Test
    void pollScopePollsAndAsksButCannotStageOrCancel() throws Exception {
        String id = stageWith(bearer(current, "storage.stage:/"), "/tape/g");
        String[] poll = bearer(current, "storage.poll:/");
        assertEquals(200, gw.send("GET", TapeGateway.API + "/stage/" + id, null, poll).statusCode());
        HttpResponse<String> info = gw.post("/archiveinfo", TapeGateway.pathsBody("/tape/g"), poll);
        assertEquals("DISK", TapeGateway.array(info.body()).getFirst().get("locality"), info.body());
        HttpResponse<String> stage = gw.post("/stage", TapeGateway.stageBody("/tape/g"), poll);
        assertEquals(403, stage.statusCode(), stage.body());
        assertEquals("application/problem+json", stage.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(TapeGateway.object(stage.body()).get("detail").toString().contains("storage.stage"), stage.body());
        assertEquals(403, gw.post("/stage/" + id + "/cancel", TapeGateway.pathsBody("/tape/g"), poll).statusCode());
        assertEquals(403, gw.send("DELETE", TapeGateway.API + "/stage/" + id, null, poll).statusCode());
        assertEquals(403, gw.post("/release/" + id, TapeGateway.pathsBody("/tape/g"), poll).statusCode());
    }

    @Test
    void readScopeMayAskArchiveinfo() throws Exception {
        HttpResponse<String> info = gw.post("/archiveinfo", TapeGateway.pathsBody("/tape/f"), bearer(current, "storage.read:/"));
        assertEquals(Map.of("path", "/tape/f", "locality", "DISK"), TapeGateway.array(info.body()).getFirst());
    }

    @Test
    void oneFileOutsideTheScopeRefusesTheWholeRequestAndStagesNothing() throws Exception {
        String[] sub = bearer(current, "storage.stage:/sub");
        stageWith(sub, "/tape/sub/h");
        int calls = gw.stageCalls.size();
        HttpResponse<String> r = gw.post("/stage", TapeGateway.stageBody("/tape/sub/h", "/tape/f"), sub);
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(TapeGateway.object(r.body()).get("detail").toString().contains("/tape/f"), r.body());
        assertEquals(calls, gw.stageCalls.size(), "nothing was staged");
    }

    @Test
    void anonymousCallersGet401WithAChallengeAndArchiveinfoRevealsNothing() throws Exception {
        HttpResponse<String> r = gw.post("/stage", TapeGateway.stageBody("/tape/f"));
        assertEquals(401, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        HttpResponse<String> info = gw.post("/archiveinfo", TapeGateway.pathsBody("/tape/f", "/tape/none"));
        List<Map<String, Object>> a = TapeGateway.array(info.body());
        assertEquals(a.get(0).get("error"), a.get(1).get("error"), "an existing file looks like a missing one");
    }
}
