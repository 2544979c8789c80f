package org.tributary.gateway.tpc;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.AreaPath;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.security.StorageScope;
import org.tributary.gateway.server.GatewayServer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The scopes of an SE-issued token are built from the request path, which the caller chooses freely: whatever the
 * path (white space, encoded characters, quotes, newlines, dot segments, unicode, very long), the answer is either a
 * clear refusal or a token whose every scope is within the scopes the caller holds. A property test over generated
 * request targets (plain JUnit with a seeded generator; the seed is in every failure message, and
 * {@code -Dse-token-paths.seed=N} replays a run), plus the cases that once escaped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeTokenScopeConfinementTest {

    /** What the caller holds; every issued scope must be covered by one of these, of the same kind. */
    static final String CALLER_SCOPES = "storage.read:/rucio storage.create:/rucio/in";
    static final String ALL_ACTIVITIES = "{\"caveats\": [\"activity:LIST,DOWNLOAD,MANAGE,UPLOAD,DELETE,READ_METADATA,"
            + "UPDATE_METADATA\"]}";

    /** Pieces of a raw path segment: ordinary, encoded, hostile, and a few raw bytes a request line cannot carry. */
    static final List<String> PIECES = List.of("a", "f", "rucio", "in", "x.root", "%20", "%09", "%0a", "%0d", "%0b",
            "%0c", "%1c", "%85", "%c2%85", "%c2%a0", "%e2%80%a8", "%e2%80%a9", "%e3%80%80", "%22", "\"", "'", "%27",
            "..", ".", "%2e", "%2e%2e", "%2f", "%2F", "%5c", "%25", "%2520", "%00", "%c3%a9", "é", "%ef%bf%bd",
            "%c0%ae", "%ff", "storage.modify:", "storage.read:", "storage.create:", "%20storage.modify:",
            "%0astorage.modify:", ":", "%3a", "/", "//", "~", ";", "+", ",", "%7b", "}", "%5b%5d", " ", "\t");

    static final List<String> HARMLESS = List.of("a", "f", "in", "x.root", "%c3%a9", "%22", "'", ":", "-");

    @TempDir
    static Path dir;
    SeTokenGateway se;
    GatewayServer gw;
    String caller;

    @BeforeAll
    void start() throws Exception {
        Path root = Files.createDirectories(dir.resolve("data/rucio/in"));
        Files.writeString(root.resolve("f"), "data");
        se = new SeTokenGateway(dir, CALLER_SCOPES);
        gw = se.server;
        caller = se.caller;
    }

    @AfterAll
    void stop() throws Exception {
        if (se != null) se.close();
    }

    /**
     * One macaroon request for a raw request target; fails the test when a token grants more than the caller has.
     * Returns whether a token was issued.
     */
    boolean check(String rawTarget, String context) throws Exception {
        RawHttp.Response r = RawHttp.exchange(gw.httpPort(), "POST", rawTarget,
                ALL_ACTIVITIES.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/macaroon-request",
                "Authorization", caller);
        if (r.status() != 200) {
            assertTrue(Set.of(400, 403, 404, 414, 431).contains(r.status()), context + ": " + r);
            String body = r.text().strip();
            assertTrue(!body.isEmpty() && body.lines().count() == 1, context + ": not a one-line reason: " + r);
            return false;
        }
        Matcher m = Pattern.compile("\"macaroon\":\"([^\"]+)\"").matcher(r.text());
        assertTrue(m.find(), context + ": " + r);
        String scope = SignedJWT.parse(m.group(1)).getJWTClaimsSet().getStringClaim("scope");
        // Split exactly as the gateway splits a scope claim when the token comes back.
        for (String s : scope.trim().split("\\s+")) {
            StorageScope issued;
            try {
                issued = StorageScope.parse(s);
            } catch (Exception e) {
                fail(context + ": issued scope '" + s + "' of '" + scope + "' does not parse: " + e.getMessage());
                return true;
            }
            if (issued == null) fail(context + ": issued scope '" + s + "' of '" + scope + "' is not a storage scope");
            if (!withinCaller(issued)) fail(context + ": issued scope '" + s + "' of '" + scope + "' exceeds " + CALLER_SCOPES);
        }
        return true;
    }

    static boolean withinCaller(StorageScope issued) throws Exception {
        AreaPath p = new AreaPath(issued.segments());
        for (String c : CALLER_SCOPES.split(" ")) {
            StorageScope held = StorageScope.parse(c);
            if (held.kind() == issued.kind() && held.covers(AreaPath.ROOT, p)) return true;
        }
        return false;
    }

    static String generatedTarget(Random rnd) {
        StringBuilder b = new StringBuilder("/data/rucio");
        if (rnd.nextInt(4) == 0) b.append("/in");
        int segments = 1 + rnd.nextInt(4);
        for (int i = 0; i < segments; i++) {
            b.append('/');
            int pieces = 1 + rnd.nextInt(5);
            for (int k = 0; k < pieces; k++) {
                // Half the pieces harmless, so that tokens are issued too and their scopes get checked.
                List<String> from = rnd.nextBoolean() ? HARMLESS : PIECES;
                b.append(from.get(rnd.nextInt(from.size())));
            }
            if (rnd.nextInt(25) == 0) b.append("x".repeat(200 + rnd.nextInt(6000))); // very long
        }
        return b.toString();
    }

    @Test
    void generatedPathsNeverYieldMoreThanTheCallerHolds() throws Exception {
        long seed = Long.getLong("se-token-paths.seed", 20261203L);
        Random rnd = new Random(seed);
        int issued = 0, refused = 0;
        for (int i = 0; i < 400; i++) {
            String target = generatedTarget(rnd);
            if (check(target, "seed " + seed + ", case " + i + ", target " + target.replace("\n", "\\n"))) issued++;
            else refused++;
        }
        // The generator must reach both outcomes, or the property says nothing.
        assertTrue(issued >= 20 && refused >= 20, "seed " + seed + ": " + issued + " issued, " + refused + " refused");
    }

    @Test
    void pathsThatOnceAddedScopes() throws Exception {
        for (String target : List.of(
                "/data/rucio/a%20storage.modify:/rucio",         // a space splits the claim: modify on /rucio
                "/data/rucio/a%0astorage.modify:/",              // a newline as well
                "/data/rucio/a%09storage.create:/",              // and a tab
                "/data/rucio/a%0bstorage.modify:/rucio/f",
                "/data/rucio/in/%20storage.read:/",              // read on the whole area
                "/data/rucio/%e2%80%a8storage.modify:/rucio",    // unicode line separator
                "/data/rucio/%c2%a0storage.modify:/rucio",       // no-break space
                "/data/rucio/%22%20storage.modify:/rucio%22",    // quotes
                "/data/rucio/x/%2e%2e/%2e%2e/other",             // encoded dot segments
                "/data/rucio/../../etc",
                "/data/rucio",                                   // create there is only the parent of /rucio/in:
                "/data/rucio///",                                // a create scope for it would cover all of /rucio
                "/data")) {
            check(target, target);
        }
    }

    @Test
    void anOrdinaryPathStillGetsItsToken() throws Exception {
        RawHttp.Response r = RawHttp.exchange(gw.httpPort(), "POST", "/data/rucio/in/new%20file%C3%A9.root",
                ALL_ACTIVITIES.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/macaroon-request",
                "Authorization", caller);
        assertEquals(400, r.status(), r.toString()); // a space cannot be carried by a space-separated scope
        r = RawHttp.exchange(gw.httpPort(), "POST", "/data/rucio/in/file%C3%A9%22q%22.root",
                ALL_ACTIVITIES.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/macaroon-request",
                "Authorization", caller);
        assertEquals(200, r.status(), r.toString());
        Matcher m = Pattern.compile("\"macaroon\":\"([^\"]+)\"").matcher(r.text());
        assertTrue(m.find());
        assertEquals("storage.read:/rucio/in/fileé\"q\".root storage.create:/rucio/in/fileé\"q\".root",
                SignedJWT.parse(m.group(1)).getJWTClaimsSet().getStringClaim("scope"));
    }
}
