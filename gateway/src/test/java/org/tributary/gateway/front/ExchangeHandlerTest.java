package org.tributary.gateway.front;

import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.StorageException;
import org.tributary.backend.posix.PosixBackend;
import org.tributary.gateway.CapturedStderr;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.security.Identity;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.config.StorageAreaConfig;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.ResponseBodies;
import org.tributary.gateway.http.RetryLater;
import org.tributary.gateway.http.RetryLaterAnswers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exchange handler alone, on a real Jetty server on loopback, with endpoints that record what they saw or throw:
 * the target is decoded and routed once, the caller authenticated, anonymous callers of a closed area refused before
 * any endpoint runs, endpoints asked in order, and every failure mapped to a status in this one place.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExchangeHandlerTest {

    @TempDir
    static Path dir;
    Server server;
    int port;
    final RetryLaterAnswers retryLater = new RetryLaterAnswers();
    /** What each endpoint saw, in the order they were asked ("name:segments:area:caller"). */
    final List<String> asked = new CopyOnWriteArrayList<>();
    /** What the endpoint "serve" does; set by each test. */
    volatile Endpoint serve;
    /** The log attributes of each finished request: target | identity | note. */
    final LinkedBlockingQueue<String> logged = new LinkedBlockingQueue<>();

    @BeforeAll
    void start() throws Exception {
        GatewayConfig config = GatewayConfig.parse("""
                storage-areas:
                  - {name: open, access-points: [/open], anonymous: read, backend: {type: posix, root: "%s"}}
                  - {name: closed, access-points: [/closed], anonymous: none, backend: {type: posix, root: "%s"}}
                """.formatted(Files.createDirectories(dir.resolve("open")), Files.createDirectories(dir.resolve("closed"))),
                "exchange-test.yaml");
        List<StorageArea> areas = new ArrayList<>();
        for (StorageAreaConfig ac : config.areas()) areas.add(new StorageArea(ac, PosixBackend.open(ac.backend().root())));
        // "Bearer good" is alice, "Bearer bad" is refused, no header is anonymous.
        org.tributary.gateway.security.Authenticator authenticator = request -> {
            String h = request.getHeaders().get("Authorization");
            if (h == null) return Identity.ANONYMOUS;
            if (h.equals("Bearer good")) return new Identity("https://issuer.example", "alice", "j1");
            throw new HttpError(401, "invalid token", Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
        };
        List<Endpoint> endpoints = List.of(record("first", false), ex -> serve.serve(ex), record("last", true));
        server = new Server();
        // Jetty's own target checks off: every target reaches the handler, whose decoding is what is tested here.
        HttpConfiguration http = new HttpConfiguration();
        http.setUriCompliance(UriCompliance.UNSAFE);
        ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
        c.setHost("127.0.0.1");
        server.addConnector(c);
        server.setHandler(new ExchangeHandler(new AreaRouter(areas), authenticator, endpoints, retryLater));
        server.setRequestLog((request, response) -> logged.add(request.getHttpURI().getPath() + " | "
                + (request.getAttribute(ExchangeHandler.LOG_IDENTITY) instanceof Identity who ? who.logName() : "-")
                + " | " + request.getAttribute(ExchangeHandler.LOG_NOTE)));
        server.start();
        port = c.getLocalPort();
    }

    @AfterAll
    void stop() throws Exception {
        server.stop();
    }

    @BeforeEach
    void reset() {
        asked.clear();
        logged.clear();
        serve = record("serve", true);
    }

    /** An endpoint that records the exchange and answers "200 name" if it serves. */
    Endpoint record(String name, boolean serves) {
        return ex -> {
            asked.add(name + ":" + ex.segments() + ":" + ex.route().map(r -> r.area().name() + r.path()).orElse("-")
                    + ":" + ex.identity().logName());
            if (serves) ResponseBodies.text(ex.response(), 200, "text/plain", name + "\n", false);
            return serves;
        };
    }

    RawHttp.Response get(String target, String... headers) throws Exception {
        return RawHttp.exchange(port, "GET", target, null, headers);
    }

    /** What the request log saw of the request for {@code path} (the log is written after the response). */
    String logLine(String path) throws InterruptedException {
        for (String line; (line = logged.poll(10, TimeUnit.SECONDS)) != null; ) {
            if (line.startsWith(path + " | ")) return line.substring(path.length() + 3);
        }
        throw new AssertionError("the request log did not see " + path);
    }

    @Test
    void endpointsAreAskedInOrderAndTheFirstThatServesAnswers() throws Exception {
        RawHttp.Response r = get("/open/a%20b/c", "Authorization", "Bearer good");
        assertEquals(200, r.status(), r.toString());
        assertEquals("serve\n", r.text());
        String caller = "sub=alice iss=https://issuer.example jti=j1";
        assertEquals(List.of("first:[open, a b, c]:open/a b/c:" + caller, "serve:[open, a b, c]:open/a b/c:" + caller),
                asked);
        assertEquals(caller + " | null", logLine("/open/a%20b/c"));
    }

    @Test
    void pathsOutsideEveryAreaReachTheEndpointsWithoutARoute() throws Exception {
        serve = record("serve", false);
        assertEquals(200, get("/elsewhere").status());
        assertEquals(List.of("first:[elsewhere]:-:anonymous", "serve:[elsewhere]:-:anonymous",
                "last:[elsewhere]:-:anonymous"), asked);
    }

    @Test
    void aTargetThatDoesNotDecodeIsRefusedBeforeAnyEndpoint() throws Exception {
        RawHttp.Response r = get("/open/x%5cy", "Authorization", "Bearer good");
        assertEquals(400, r.status(), r.toString());
        assertEquals(List.of(), asked);
        String line = logLine("/open/x%5cy");
        assertTrue(line.startsWith("anonymous | "), "decoded (and refused) by us, before authentication: " + line);
    }

    @Test
    void aBadCredentialIs401AndNoEndpointRuns() throws Exception {
        RawHttp.Response r = get("/open/bad-credential", "Authorization", "Bearer bad");
        assertEquals(401, r.status(), r.toString());
        assertEquals("Bearer error=\"invalid_token\"", r.header("WWW-Authenticate"));
        assertEquals(List.of(), asked);
        assertEquals("anonymous | invalid token", logLine("/open/bad-credential"));
    }

    @Test
    void anonymousCallersOfAClosedAreaAreRefusedBeforeAnyEndpoint() throws Exception {
        RawHttp.Response r = get("/closed/secret");
        assertEquals(401, r.status(), r.toString());
        assertTrue(r.header("WWW-Authenticate").startsWith("Bearer"), r.toString());
        assertEquals(List.of(), asked, "nothing may reveal whether the path exists");
        assertEquals(200, RawHttp.exchange(port, "OPTIONS", "/closed/secret", null).status(), "OPTIONS says only what we support");
        assertEquals(200, get("/closed/secret", "Authorization", "Bearer good").status());
        assertEquals(200, get("/open/f").status(), "an area with anonymous access");
    }

    @Test
    void noEndpointServingIs404() throws Exception {
        Server alone = new Server();
        ServerConnector c = new ServerConnector(alone);
        c.setHost("127.0.0.1");
        alone.addConnector(c);
        alone.setHandler(new ExchangeHandler(new AreaRouter(List.of()), r -> Identity.ANONYMOUS, List.of(), retryLater));
        alone.start();
        try {
            RawHttp.Response r = RawHttp.exchange(c.getLocalPort(), "GET", "/x", null);
            assertEquals(404, r.status(), r.toString());
        } finally {
            alone.stop();
        }
    }

    @Test
    void anHttpErrorKeepsItsStatusReasonAndHeaders() throws Exception {
        serve = ex -> { throw new HttpError(405, "not here", Map.of("Allow", "GET")); };
        RawHttp.Response r = get("/open/http-error");
        assertEquals(405, r.status());
        assertEquals("not here\n", r.text());
        assertEquals("GET", r.header("Allow"));
        assertEquals("anonymous | not here", logLine("/open/http-error"));
    }

    @Test
    void aStorageFailureBecomesItsStatus() throws Exception {
        serve = ex -> { throw new StorageException(StorageException.Kind.NOT_FOUND, "gone"); };
        assertEquals(404, get("/open/f").status());
    }

    @Test
    void aBusyAnswerSaysWhenToComeBackAndIsCounted() throws Exception {
        long before = retryLater.get(RetryLaterAnswers.Reason.TOO_MANY_UPLOADS);
        serve = ex -> { throw new RetryLater(RetryLaterAnswers.Reason.TOO_MANY_UPLOADS, "busy"); };
        RawHttp.Response r = get("/open/f");
        assertEquals(503, r.status());
        assertNotNull(r.header("Retry-After"), r.toString());
        assertEquals(before + 1, retryLater.get(RetryLaterAnswers.Reason.TOO_MANY_UPLOADS));
    }

    @Test
    void aBodyThatEndsEarlyIs400AndTheConnectionCloses() throws Exception {
        serve = ex -> { throw new EofException("early EOF"); };
        RawHttp.Response r = get("/open/early-eof");
        assertEquals(400, r.status(), r.toString());
        assertEquals("close", r.header("Connection"));
        assertEquals("anonymous | client went away: early EOF", logLine("/open/early-eof"));
    }

    @Test
    void anUnexpectedFailureIs500WithAnIdThatTheServerLogExplains() throws Exception {
        serve = ex -> { throw new IllegalStateException("bug\nwith a second line"); };
        try (CapturedStderr err = new CapturedStderr()) {
            RawHttp.Response r = get("/open/f");
            assertEquals(500, r.status(), r.toString());
            Matcher m = Pattern.compile("internal error ([0-9a-f]{8}); the server log has the details\n").matcher(r.text());
            assertTrue(m.matches(), r.text());
            String log = err.text();
            assertTrue(log.contains("internal error " + m.group(1) + " on GET /open/f:"), log);
            assertTrue(log.contains("IllegalStateException: bug\\x0awith a second line"), "escaped, one line: " + log);
            assertTrue(log.contains("\tat "), "with its stack trace: " + log);
        }
    }
}
