package org.tributary.bench.jmh;

import org.eclipse.jetty.server.Request;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.tributary.gateway.security.Identity;
import org.tributary.gateway.security.TokenValidator;

import java.util.concurrent.TimeUnit;

/**
 * A bearer token turned into an identity. {@code repeatedHeader}: the whole authentication step of a request whose
 * Authorization header the authenticator saw a moment ago (a transfer's second and later requests on one
 * connection): found among the recent header values. {@code cacheHit}: a token validated before, reached by the
 * token itself (another header form, a query-string token): SHA-256 of the token and a lookup in the cache of
 * validated tokens. {@code cacheMiss}: a token seen for the first time: JWT parse, signature verification with the
 * issuer's key, claim checks (SPECS §3.1), what every request would pay without the caches. The key is the dev
 * issuer's, read from its pinned JWKS file, so no network is involved.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TokenValidationBenchmark {

    /** rs256 (RSA 2048, what most WLCG issuers sign with) or es256 (P-256). */
    @Param({"rs256", "es256"})
    public String alg;

    private String token;
    private Request request;

    @Setup(Level.Trial)
    public void mintToken(GatewayFixture gateway) {
        token = gateway.mint(alg.equals("es256"));
        // fail at set-up, not with a benchmark of the error path, if the token is not accepted
        if (gateway.identify(token).isAnonymous()) throw new IllegalStateException("the minted token is not accepted");
        request = GatewayFixture.bearerRequest("/data/atlas/rucio/mc23/EVNT.pool.root.1", token);
        if (gateway.authenticate(request).isAnonymous()) throw new IllegalStateException("the request is not authenticated");
    }

    @Benchmark
    public Identity repeatedHeader(GatewayFixture gateway) {
        return gateway.authenticate(request);
    }

    @Benchmark
    public Identity cacheHit(GatewayFixture gateway) {
        return gateway.identify(token);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public TokenValidator.Validated cacheMiss(GatewayFixture gateway) throws Exception {
        return gateway.validateUncached(token);
    }
}
