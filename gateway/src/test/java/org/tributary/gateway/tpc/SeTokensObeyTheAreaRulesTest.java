package org.tributary.gateway.tpc;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.AreaPath;
import org.tributary.backend.posix.PosixBackend;
import org.tributary.gateway.security.AccessDecision;
import org.tributary.gateway.security.Identity;
import org.tributary.gateway.security.Operation;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.security.StorageScope;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.config.StorageAreaConfig;
import org.tributary.gateway.security.AccessPolicy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule for the gateway's own SE-issued tokens sits inside the server's {@link AccessPolicy}: the area rules hold
 * for them as for any other token (a read-only area refuses their writes, whatever their scopes say).
 */
class SeTokensObeyTheAreaRulesTest {

    @Test
    void ourTokensObeyReadOnlyLikeAnyOther(@TempDir Path dir) throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("se-test").generate();
        Clock clock = Clock.systemUTC();
        SeTokens tokens = new SeTokens(key, clock);
        Files.createDirectories(dir.resolve("ro"));
        StorageAreaConfig ac = GatewayConfig.parse("""
                server: {bind: 127.0.0.1, http: {port: 8080}}
                storage-areas:
                  - {name: data, access-points: [/data], backend: {type: posix, root: "%s"}, read-only: true}
                """.formatted(dir.resolve("ro")), "test.yaml").areas().getFirst();
        StorageArea area = new StorageArea(ac, PosixBackend.open(ac.backend().root()));
        try {
            AccessPolicy policy = tokens.guard(new AccessPolicy((who, a, op, path) -> AccessDecision.deny("others")));
            Identity ours = new Identity(SeTokens.ISSUER_PREFIX + "data", "u", "j", List.of(),
                    StorageScope.parseAll(List.of("storage.read:/", "storage.modify:/")));
            assertTrue(policy.decide(ours, area, Operation.READ, AreaPath.parse("/f")).allowed());
            AccessDecision write = policy.decide(ours, area, Operation.MODIFY, AreaPath.parse("/f"));
            assertFalse(write.allowed(), write.reason());
            assertTrue(write.reason().contains("read-only"), write.reason());
        } finally {
            area.backend().close();
        }
    }
}
