package org.tributary.gateway.security;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.AreaPath;
import org.tributary.backend.posix.PosixBackend;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.config.StorageAreaConfig;
import org.tributary.gateway.http.HttpError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The area rules alone: read-only before every credential rule, the anonymous setting and gate, 401 vs 403. */
class AccessPolicyTest {

    @TempDir
    Path dir;

    final Map<String, StorageArea> areas = new LinkedHashMap<>();
    static final Identity TOKEN = new Identity("https://iss.example", "u", "j");
    static final AreaPath P = AreaPath.parse("/f");

    /** Credential rules that allow everything: whatever is refused, the policy refused. */
    static final AccessGuard ALLOW_ALL = (who, area, op, path) -> AccessDecision.allow("credentials allow");

    @BeforeEach
    void areas() throws Exception {
        StringBuilder yaml = new StringBuilder("server: {bind: 127.0.0.1, http: {port: 8080}}\nstorage-areas:\n");
        String[][] kinds = {{"none", "anonymous: none"}, {"read", "anonymous: read"}, {"rw", "anonymous: read-write"},
                {"ro", "anonymous: read\n    read-only: true"}};
        for (String[] k : kinds) {
            Files.createDirectories(dir.resolve(k[0]));
            yaml.append("  - name: ").append(k[0]).append("\n    access-points: [/").append(k[0])
                    .append("]\n    backend: {type: posix, root: \"").append(dir.resolve(k[0])).append("\"}\n    ")
                    .append(k[1]).append('\n');
        }
        for (StorageAreaConfig ac : GatewayConfig.parse(yaml.toString(), "test.yaml").areas()) {
            areas.put(ac.name(), new StorageArea(ac, PosixBackend.open(ac.backend().root())));
        }
    }

    @AfterEach
    void close() throws Exception {
        for (StorageArea a : areas.values()) a.backend().close();
    }

    @Test
    void aReadOnlyAreaRefusesEveryWriteBeforeTheCredentialRules() {
        AccessPolicy policy = new AccessPolicy(ALLOW_ALL);
        for (Operation op : Operation.values()) {
            for (Identity who : List.of(Identity.ANONYMOUS, TOKEN)) {
                AccessDecision d = policy.decide(who, areas.get("ro"), op, P);
                assertEquals(!op.isWrite(), d.allowed(), op + " " + who.logName() + ": " + d.reason());
                if (op.isWrite()) {
                    assertTrue(d.reason().contains("read-only"), d.reason());
                    assertEquals(403, AccessPolicy.refusalStatus(who, areas.get("ro"), op), "credentials cannot help");
                }
            }
            assertTrue(policy.decide(TOKEN, areas.get("rw"), op, P).allowed(), "elsewhere the credentials decide");
        }
    }

    @Test
    void anonymousCallersGetWhatTheAreaGrants() {
        for (Operation op : Operation.values()) {
            assertFalse(AccessPolicy.anonymous(areas.get("none"), op).allowed(), op + " in none");
            // staging takes drive time and disk space: anonymous callers need an area open for writes (docs/tape-rest.md)
            boolean readEnough = !op.isWrite() && op != Operation.STAGE;
            assertEquals(readEnough, AccessPolicy.anonymous(areas.get("read"), op).allowed(), op + " in read");
            assertTrue(AccessPolicy.anonymous(areas.get("rw"), op).allowed(), op + " in read-write");
        }
        assertTrue(AccessPolicy.anonymous(areas.get("none"), Operation.READ).reason().contains("present a bearer token"));
    }

    @Test
    void anAreaWithoutAnonymousAccessRefusesAnonymousCallersBeforeTheMethod() {
        HttpError e = assertThrows(HttpError.class,
                () -> AccessPolicy.refuseAnonymousBeforeDispatch(Identity.ANONYMOUS, areas.get("none"), "GET"));
        assertEquals(401, e.status());
        assertTrue(e.headers().get("WWW-Authenticate").startsWith("Bearer "), e.headers().toString());
        assertDoesNotThrow(() -> AccessPolicy.refuseAnonymousBeforeDispatch(Identity.ANONYMOUS, areas.get("none"), "OPTIONS"));
        assertDoesNotThrow(() -> AccessPolicy.refuseAnonymousBeforeDispatch(TOKEN, areas.get("none"), "GET"));
        assertDoesNotThrow(() -> AccessPolicy.refuseAnonymousBeforeDispatch(Identity.ANONYMOUS, areas.get("read"), "PUT"));
    }

    @Test
    void aRefusalIs401OnlyWhereCredentialsCouldHelp() {
        AccessDecision no = AccessDecision.deny("no");
        assertEquals(401, AccessPolicy.refusal(Identity.ANONYMOUS, areas.get("read"), Operation.CREATE, no).status());
        assertEquals(403, AccessPolicy.refusal(TOKEN, areas.get("read"), Operation.READ, no).status());
        assertEquals(403, AccessPolicy.refusal(Identity.ANONYMOUS, areas.get("ro"), Operation.DELETE, no).status());
        assertEquals(401, AccessPolicy.refusal(Identity.ANONYMOUS, areas.get("ro"), Operation.READ, no).status());
    }
}
