package org.tributary.gateway.tpc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.tributary.backend.AreaPath;
import org.tributary.gateway.access.AccessDecision;
import org.tributary.gateway.access.AccessGuard;
import org.tributary.gateway.access.Authenticator;
import org.tributary.gateway.access.Identity;
import org.tributary.gateway.access.Operation;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.auth.BearerTokenExtractor;
import org.tributary.gateway.auth.ScopeAuthorizer;
import org.tributary.gateway.auth.StorageScope;
import org.tributary.gateway.auth.TokenException;
import org.tributary.gateway.auth.TokenValidator;
import org.tributary.gateway.auth.ValidatedTokenCache;
import org.tributary.gateway.config.TokenIssuerConfig;
import org.tributary.gateway.http.ErrorResponses;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.RequestTarget;
import org.tributary.gateway.http.ResponseBodies;
import org.tributary.gateway.security.AccessPolicy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * SE-issued tokens (SPECS §1.5): gfal2 (FTS with X.509) asks each storage element for a token before a third-party
 * copy with {@code POST <file>} and {@code Content-Type: application/macaroon-request}. We answer
 * {@code {"macaroon": "<JWT>", "expires_in": s}}: a short-lived JWT signed with the gateway's own persisted EC key
 * ({@code tpc.se-token-key}), limited to the request path and to the requested activities that the caller itself
 * is allowed there right now (so never more than the caller holds), and the gateway accepts its own tokens.
 *
 * <p>Kept out of the token issuers of {@code token-issuers:} on purpose: these tokens are bound to one storage area
 * (their {@code iss} is {@link #ISSUER_PREFIX} + area) and are authorised by their scopes only; every other token goes
 * to the configured authenticator and guard unchanged.
 */
public final class SeTokens {

    public static final String ISSUER_PREFIX = "https://tributary.invalid/se-token/";
    static final int MAX_REQUEST = 64 * 1024;

    private static final int MAX_HEADER = 2048, MAX_HEADERS_SEEN = 1000, MAX_ACCEPTED = 10_000;

    private final ECKey key;
    private final Clock clock;
    /** Bounded: a client sending many made-up headers evicts entries, it cannot grow the map. */
    private final Cache<String, Boolean> headersSeen = Caffeine.newBuilder().maximumSize(MAX_HEADERS_SEEN).build();

    /**
     * Our tokens that passed validation for a host, until their {@code exp}: a transfer repeats one token on many
     * requests, and each would otherwise cost an ES256 verification.
     */
    private final ValidatedTokenCache accepted;

    SeTokens(ECKey key, Clock clock) {
        this.key = key;
        this.clock = clock;
        this.accepted = new ValidatedTokenCache(clock, MAX_ACCEPTED);
    }

    /** Loads the key, or creates it (mode 600) on first start. */
    public static SeTokens open(Path keyFile, Clock clock) throws IOException {
        try {
            if (Files.exists(keyFile)) return new SeTokens(ECKey.parse(Files.readString(keyFile)), clock);
            ECKey k = new ECKeyGenerator(Curve.P_256).keyID("se-" + UUID.randomUUID().toString().substring(0, 8))
                    .generate();
            Path parent = keyFile.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Path tmp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, k.toJSONString(), StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, keyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new SeTokens(k, clock);
        } catch (ParseException | JOSEException e) {
            throw new IOException("tpc.se-token-key " + keyFile + ": not a usable EC key: " + e.getMessage(), e);
        }
    }

    /** What the server puts in its pipeline: the authenticator, the guard and a front handler. */
    public record Wiring(Authenticator authenticator, AccessPolicy guard, SeTokens tokens, AreaRouter router) {
        public Handler front(Handler dav) {
            if (tokens == null) return dav;
            Handler.Wrapper w = tokens.endpoints(router, authenticator, guard);
            w.setHandler(dav);
            return w;
        }
    }

    /** Without {@code tpc.se-token-key}, the configured authenticator and guard unchanged and no endpoints. */
    public static Wiring wire(org.tributary.gateway.config.GatewayConfig config, AreaRouter router,
                              Authenticator authenticator, AccessPolicy guard) throws IOException {
        Path keyFile = config.tpc().seTokenKey();
        if (keyFile == null) return new Wiring(authenticator, guard, null, router);
        SeTokens t = open(keyFile, Clock.systemUTC());
        boolean plainHttp = config.tokens().allowBearerOverHttp() || config.listensOnLoopbackOnly();
        return new Wiring(t.authenticator(authenticator, plainHttp), t.guard(guard), t, router);
    }

    // ------------------------------------------------------------------------------------------------ accepting

    /** Our own tokens first (recognised by our key id); anything else goes to the configured authenticator. */
    public Authenticator authenticator(Authenticator delegate, boolean plainHttpAllowed) {
        return request -> {
            String token = BearerTokenExtractor.extract(request);
            if (token != null && isOurs(token)) {
                if (!request.isSecure() && !plainHttpAllowed) {
                    throw new HttpError(401, "bearer tokens are accepted over https only",
                            Map.of("WWW-Authenticate", "Bearer realm=\"tributary\", error=\"invalid_request\""));
                }
                return validate(token, hostOf(request));
            }
            return delegate.authenticate(request);
        };
    }

    /**
     * Our tokens are authorised by their scopes, in their own area only; all others by the configured rules. Inside
     * the same {@link AccessPolicy}, so the area rules (read-only) hold for our tokens exactly as for any other.
     */
    public AccessPolicy guard(AccessPolicy configured) {
        AccessGuard others = configured.credentials();
        return new AccessPolicy(new AccessGuard() {
            @Override
            public AccessDecision decide(Identity who, StorageArea area, Operation op, AreaPath path) {
                if (who.issuer() == null || !who.issuer().startsWith(ISSUER_PREFIX)) return others.decide(who, area, op, path);
                if (!who.issuer().equals(ISSUER_PREFIX + area.name())) {
                    return AccessDecision.deny("this token was issued for another storage area");
                }
                return ScopeAuthorizer.decide(who, selfIssuer(area.name()), AreaPath.ROOT, op, path);
            }

            @Override
            public List<AreaPath> witnessesBelow(StorageArea area, AreaPath path) {
                return others.witnessesBelow(area, path);
            }
        });
    }

    private static TokenIssuerConfig selfIssuer(String area) {
        return new TokenIssuerConfig("se-token", ISSUER_PREFIX + area, "/", List.of(area), List.of(), null, false, false);
    }

    /**
     * Whether the token's JOSE header names our key. Every bearer token passes here, so each distinct header
     * (one per issuer key, in practice) is decoded once and remembered, instead of parsing every token as a JWT.
     */
    private boolean isOurs(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > MAX_HEADER) return false;
        String header = token.substring(0, dot);
        return headersSeen.get(header, h -> {
            try {
                return key.getKeyID().equals(JWSHeader.parse(new Base64URL(h)).getKeyID());
            } catch (ParseException e) {
                return false;
            }
        });
    }

    Identity validate(String token, String host) {
        String cacheKey = host + " " + token;   // the audience is checked against the host: cached per host
        TokenValidator.Validated known = accepted.get(cacheKey);
        if (known != null) return known.identity();
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!jwt.verify(new ECDSAVerifier(key.toECPublicKey()))) throw invalid("bad signature");
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            Instant now = clock.instant();
            if (c.getExpirationTime() == null || !c.getExpirationTime().toInstant().isAfter(now)) throw invalid("expired");
            if (c.getNotBeforeTime() != null && c.getNotBeforeTime().toInstant().isAfter(now.plusSeconds(60))) {
                throw invalid("not valid yet");
            }
            if (host != null && (c.getAudience() == null || !c.getAudience().contains(host))) {
                throw invalid("issued for another host");
            }
            String scope = c.getStringClaim("scope");
            List<String> scopes = scope == null ? List.of() : List.of(scope.trim().split("\\s+"));
            Identity id = new Identity(c.getIssuer(), c.getSubject(), c.getJWTID(), List.of(), StorageScope.parseAll(scopes));
            accepted.put(cacheKey, new TokenValidator.Validated(id, c.getExpirationTime().toInstant(), null));
            return id;
        } catch (ParseException | JOSEException e) {
            throw invalid("malformed");
        }
    }

    private static HttpError invalid(String why) {
        return new HttpError(401, "invalid SE-issued token: " + why,
                Map.of("WWW-Authenticate", "Bearer realm=\"tributary\", error=\"invalid_token\""));
    }

    static String hostOf(Request request) {
        String h = Request.getServerName(request);
        return h == null ? null : h.toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------------------------------------ issuing

    /** In front of the DAV handler: the macaroon request and the discovery document; everything else passes. */
    public Handler.Wrapper endpoints(AreaRouter router, Authenticator authenticator, AccessGuard guard) {
        return new Handler.Wrapper() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String ct = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
                boolean macaroon = ct != null && ct.toLowerCase(Locale.ROOT).startsWith("application/macaroon-request");
                String path = request.getHttpURI().getPath();
                boolean wellKnown = "/.well-known/oauth-authorization-server".equals(path);
                if (!(macaroon || wellKnown)) return super.handle(request, response, callback);
                try {
                    if (wellKnown) discovery(request, response);
                    else issue(request, response, router, authenticator, guard);
                    callback.succeeded();
                } catch (Throwable t) {
                    HttpError e = ErrorResponses.toHttpError(t);
                    if (e == null) e = new HttpError(500, "internal error issuing a token");
                    try {
                        ErrorResponses.write(response, e, false);
                        callback.succeeded();
                    } catch (Throwable w) {
                        callback.failed(w);
                    }
                }
                return true;
            }
        };
    }

    private static void discovery(Request request, Response response) throws IOException {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            throw new HttpError(405, "GET only", Map.of("Allow", "GET, HEAD"));
        }
        String origin = request.getHttpURI().getScheme() + "://" + request.getHttpURI().getAuthority();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", origin);
        // Tokens come from POST <file> with Content-Type: application/macaroon-request (no OAuth token endpoint).
        doc.put("macaroon_request_endpoint", origin + "/");
        doc.put("grant_types_supported", List.of());
        doc.put("scopes_supported", List.of("storage.read", "storage.create", "storage.modify"));
        ResponseBodies.text(response, 200, "application/json", JSONObjectUtils.toJSONString(doc),
                "HEAD".equals(request.getMethod()));
    }

    private void issue(Request request, Response response, AreaRouter router, Authenticator authenticator,
                       AccessGuard guard) throws IOException {
        if (!"POST".equals(request.getMethod())) throw new HttpError(405, "a macaroon request is a POST", Map.of("Allow", "POST"));
        Identity who = authenticator.authenticate(request);
        if (who.isAnonymous()) {
            throw new HttpError(401, "a token request needs credentials", Map.of("WWW-Authenticate", "Bearer realm=\"tributary\""));
        }
        List<String> segments = RequestTarget.decodeSegments(request.getHttpURI().getPath());
        AreaRouter.Route route = router.route(segments).orElseThrow(() -> HttpError.notFound("no storage area here"));
        if (request.getLength() > MAX_REQUEST) throw HttpError.badRequest("macaroon request too large");
        java.nio.ByteBuffer bb = org.eclipse.jetty.io.Content.Source.asByteBuffer(request);
        if (bb.remaining() > MAX_REQUEST) throw HttpError.badRequest("macaroon request too large");
        byte[] body = new byte[bb.remaining()];
        bb.get(body);
        Instant now = clock.instant();
        MacaroonRequest asked = MacaroonRequest.parse(body, now);
        Set<String> activities = asked.activities();

        StorageArea area = route.area();
        AreaPath path = route.path();
        List<String> scopes = new ArrayList<>();
        for (StorageScope.Kind kind : List.of(StorageScope.Kind.READ, StorageScope.Kind.CREATE, StorageScope.Kind.MODIFY)) {
            boolean wanted = switch (kind) {
                case READ -> activities.stream().anyMatch(a -> Set.of("DOWNLOAD", "LIST", "READ_METADATA").contains(a));
                case CREATE -> activities.contains("UPLOAD");
                default -> activities.stream().anyMatch(a -> Set.of("MANAGE", "DELETE", "UPDATE_METADATA").contains(a));
            };
            if (!wanted) continue;
            StorageScope scope;
            try {
                // Built from the decoded, confined path only, and refused when the claim could not carry it.
                scope = StorageScope.of(kind, path);
            } catch (TokenException e) {
                throw HttpError.badRequest("no token for this path: " + e.getMessage());
            }
            // Never more than the caller holds: only what the caller may do on this path right now, and below it,
            // since a scope covers the whole subtree. The probe name holds a space, which no scope can name (the
            // claim is space-separated), so it matches no rule for ancestors of a scope's path (MKCOL of the parent
            // of a create scope's path) and is allowed only by a right on the whole subtree.
            Operation op = Operation.valueOf(kind.name());
            if (guard.decide(who, area, op, path).allowed() && guard.decide(who, area, op, path.child(" ")).allowed()) {
                scopes.add(scope.text());
            }
        }
        if (scopes.isEmpty()) {
            throw HttpError.forbidden("the caller may not do any of " + activities + " on " + path);
        }
        String claim = String.join(" ", scopes);
        if (!List.of(claim.split("\\s+")).equals(scopes)) throw new IllegalStateException("scope claim does not split back");
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER_PREFIX + area.name())
                .subject(who.subject())
                .audience(hostOf(request))
                .claim("scope", claim)
                .claim("act", Map.of("sub", who.subject(), "iss", String.valueOf(who.issuer())))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(asked.expiry()))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IOException("cannot sign an SE-issued token", e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("macaroon", jwt.serialize());
        out.put("expires_in", Duration.between(now, asked.expiry()).toSeconds());
        response.getHeaders().put("Cache-Control", "no-store");
        ResponseBodies.text(response, 200, "application/json", JSONObjectUtils.toJSONString(out), false);
    }

}
