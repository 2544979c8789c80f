package org.tributary.gateway.tpc;

import org.tributary.gateway.security.LocalTestIssuer;
import org.tributary.gateway.server.GatewayServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** A gateway issuing SE tokens for area {@code data} (root {@code dir/data}), its token issuer, and a caller. */
final class SeTokenGateway implements AutoCloseable {

    final LocalTestIssuer issuer;
    final GatewayServer server;
    /** "Bearer ..." of a WLCG token with the given scopes. */
    final String caller;

    SeTokenGateway(Path dir, String callerScopes) throws Exception {
        issuer = LocalTestIssuer.start();
        server = SeTokensTest.gateway(Files.createDirectories(dir.resolve("data")), dir.resolve("key.json"), issuer);
        caller = "Bearer " + issuer.wlcg(Instant.now(), "alice", SeTokensTest.AUD, callerScopes, List.of());
    }

    @Override
    public void close() throws Exception {
        server.close();
        issuer.close();
    }
}
