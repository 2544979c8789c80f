package org.tributary.gateway.tpc;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.server.GatewayServer;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.gateway.tpc.SeTokensTest.macaroon;
import static org.tributary.gateway.tpc.SeTokensTest.macaroonRequest;

/**
 * Caveats of a macaroon request only narrow the token (dCache's semantics): activity caveats intersect, before:
 * shortens it, and a caveat the gateway cannot honour, or a malformed one, is a 400 with a one-line reason instead of
 * being ignored (which would issue a wider token than asked for).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MacaroonCaveatsTest {

    @TempDir
    static Path dir;
    SeTokenGateway se;
    GatewayServer gw;
    String caller;

    @BeforeAll
    void start() throws Exception {
        Files.createDirectories(dir.resolve("data/rucio"));
        Files.writeString(dir.resolve("data/rucio/f"), "data");
        se = new SeTokenGateway(dir, "storage.read:/rucio storage.modify:/rucio");
        gw = se.server;
        caller = se.caller;
    }

    @AfterAll
    void stop() throws Exception {
        if (se != null) se.close();
    }

    HttpResponse<String> ask(String json) throws Exception {
        return macaroonRequest(SeTokensTest.url(gw, "/data/rucio/f"), json, "Authorization", caller);
    }

    static String scope(HttpResponse<String> r) throws Exception {
        return SignedJWT.parse(macaroon(r)).getJWTClaimsSet().getStringClaim("scope");
    }

    @Test
    void activityCaveatsIntersect() throws Exception {
        HttpResponse<String> r = ask("{\"caveats\": [\"activity:DOWNLOAD,UPLOAD\", \"activity:DOWNLOAD,LIST\"]}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("storage.read:/rucio/f", scope(r));
        r = ask("{\"caveats\": [\"activity:DOWNLOAD\", \"activity:UPLOAD\"]}");
        assertEquals(400, r.statusCode(), r.body());
    }

    @Test
    void beforeShortensTheToken() throws Exception {
        Instant before = Instant.now().plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> r = ask("{\"caveats\": [\"activity:DOWNLOAD\", \"before:" + before + "\"], \"validity\": \"PT70M\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(before, SignedJWT.parse(macaroon(r)).getJWTClaimsSet().getExpirationTime().toInstant());
        assertEquals(400, ask("{\"caveats\": [\"before:2000-01-01T00:00:00Z\"]}").statusCode());
        assertEquals(400, ask("{\"caveats\": [\"before:tomorrow\"]}").statusCode());
    }

    @Test
    void caveatsThatCannotBeHonouredOrAreMalformedAre400() throws Exception {
        for (String json : List.of(
                "{\"caveats\": [\"path:/rucio/other\"]}",
                "{\"caveats\": [\"ip:192.0.2.0/24\"]}",
                "{\"caveats\": [\"colour:blue\"]}",
                "{\"caveats\": [\"activity:DOWNLOAD\\nUPLOAD\"]}",
                "{\"caveats\": [\"activity:DOWNLOAD,\\r\\nX-Injected: 1\"]}",
                "{\"caveats\": [\"activity:DOWNLOAD, FLY\"]}",
                "{\"caveats\": [\"activity:\"]}",
                "{\"caveats\": [{\"activity\": \"DOWNLOAD\"}]}",
                "{\"caveats\": [42]}",
                "{\"caveats\": \"activity:DOWNLOAD\"}",
                "{\"validity\": 4200}",
                "[\"activity:DOWNLOAD\"]")) {
            HttpResponse<String> r = ask(json);
            assertEquals(400, r.statusCode(), json + ": " + r.body());
            String body = r.body().strip();
            assertEquals(1, body.lines().count(), json + ": " + r.body());
            assertFalse(body.contains("Injected") || body.contains("FLY") || body.contains("blue"), body);
        }
    }

    @Test
    void lowerCaseActivitiesAndSpacesAroundThemAreFine() throws Exception {
        HttpResponse<String> r = ask("{\"caveats\": [\"activity: list , download\"], \"validity\": \"PT70M\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"expires_in\":4200"), r.body());
        assertEquals("storage.read:/rucio/f", scope(r));
    }
}
