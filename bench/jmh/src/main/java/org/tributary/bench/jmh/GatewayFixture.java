package org.tributary.bench.jmh;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.tributary.backend.posix.PosixBackend;
import org.tributary.gateway.security.Identity;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.security.DevIssuer;
import org.tributary.gateway.security.TokenMinter;
import org.tributary.gateway.security.TokenServices;
import org.tributary.gateway.security.TokenValidator;
import org.tributary.gateway.config.ConfigException;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.config.StorageAreaConfig;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A gateway assembled in-process for the benchmarks, the way the server assembles it, from a YAML configuration:
 * three POSIX areas in a temporary directory, and a dev token issuer (its keys generated next to its pinned
 * {@code jwks-file}, so no network) whose private key mints the tokens. This is the one class that knows how the
 * gateway's parts are constructed; when a constructor changes, only this class follows. A benchmark receives it
 * as an argument of its own set-up (JMH sets this state up first, once per trial, and removes it after).
 */
@State(Scope.Benchmark)
public class GatewayFixture {

    public static final String ISSUER = "https://dev.tributary.invalid";
    public static final String AUDIENCE = "127.0.0.1";

    private Path dir;
    private AreaRouter router;
    private TokenServices tokens;
    private DevIssuer issuer;

    @Setup(Level.Trial)
    public void open() throws IOException, ConfigException {
        dir = Files.createTempDirectory("tributary-jmh-");
        for (String area : List.of("data", "scratch", "cms")) Files.createDirectories(dir.resolve(area));
        Path jwks = dir.resolve("jwks.json");
        String yaml = """
                server:
                  bind: 127.0.0.1
                  http: { port: 8080 }
                  access-log: off
                storage-areas:
                  - { name: data, access-points: [/data], backend: { type: posix, root: %1$s/data }, anonymous: read }
                  - { name: scratch, access-points: [/scratch], backend: { type: posix, root: %1$s/scratch } }
                  - { name: cms, access-points: [/cms, /store], backend: { type: posix, root: %1$s/cms } }
                token-issuers:
                  - { name: dev, issuer: %2$s, dev: true, jwks-file: %3$s, audiences: [%4$s] }
                """.formatted(dir, ISSUER, jwks, AUDIENCE);
        try {
            GatewayConfig config = GatewayConfig.parse(yaml, "bench/jmh");
            List<StorageArea> areas = new ArrayList<>();
            for (StorageAreaConfig ac : config.areas()) {
                areas.add(new StorageArea(ac, PosixBackend.open(ac.backend().root())));
            }
            router = new AreaRouter(areas);
            tokens = TokenServices.create(config, Clock.systemUTC());
            issuer = DevIssuer.openOrCreate(jwks);
        } catch (IOException | ConfigException | RuntimeException e) {
            close();
            throw e;
        }
    }

    public AreaRouter router() { return router; }

    /** The route of a decoded URL path: the area and the path inside it (as {@code DavHandler} routes). */
    public AreaRouter.Route route(String decodedUrlPath) {
        return router.route(org.tributary.backend.AreaPath.parse(decodedUrlPath).segments()).orElseThrow();
    }

    /**
     * A WLCG token from the dev issuer, signed RS256 (RSA 2048) or ES256 (P-256), with a typical Rucio scope and a
     * group; valid for 12 hours so that no benchmark run outlives it.
     */
    public String mint(boolean ec) {
        TokenMinter.Spec spec = new TokenMinter.Spec(ISSUER, "bench-user", List.of(AUDIENCE),
                "storage.read:/ storage.create:/rucio storage.modify:/rucio/tmp", List.of("/atlas", "/atlas/production"),
                Duration.ofHours(12), false);
        return TokenMinter.mint(issuer.key(ec), spec, Instant.now());
    }

    /**
     * A request as the handler authenticates it (the whole {@code Authenticator} step): its Authorization header
     * looked up among the recently seen header values first, then the token validated or found in the cache.
     */
    public Identity authenticate(Request request) {
        return tokens.authenticator().authenticate(request);
    }

    /**
     * A GET of {@code path} with {@code Authorization: Bearer token}, with what authentication reads of a request
     * (method, headers, URI, whether it came over TLS); anything else of Jetty's request is not there and throws.
     */
    public static Request bearerRequest(String path, String token) {
        HttpFields headers = HttpFields.build().add(HttpHeader.AUTHORIZATION, "Bearer " + token).asImmutable();
        HttpURI uri = HttpURI.from("http://127.0.0.1:8080" + path);
        Request absent = (Request) Proxy.newProxyInstance(Request.class.getClassLoader(), new Class<?>[] {Request.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException("the benchmark request has no " + method.getName());
                });
        return new Request.Wrapper(absent) {
            @Override public HttpFields getHeaders() { return headers; }
            @Override public HttpURI getHttpURI() { return uri; }
            @Override public String getMethod() { return "GET"; }
            @Override public boolean isSecure() { return false; }
        };
    }

    /** Token → identity as the authenticator does it: from its cache of validated tokens when it has seen the token. */
    public Identity identify(String token) {
        return tokens.tokenAuthenticator().identify(token).identity();
    }

    /** Token → validated identity without any cache: the parse, signature check and claim checks of a first use. */
    public TokenValidator.Validated validateUncached(String token) throws Exception {
        return tokens.validator().validate(token);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
