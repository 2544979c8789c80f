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
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.eclipse.jetty.server.Request;
import org.tributary.backend.AreaPath;
import org.tributary.gateway.security.AccessDecision;
import org.tributary.gateway.security.AccessGuard;
import org.tributary.gateway.security.Authenticator;
import org.tributary.gateway.security.Identity;
import org.tributary.gateway.security.Operation;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.security.BearerTokenExtractor;
import org.tributary.gateway.security.ScopeAuthorizer;
import org.tributary.gateway.security.StorageScope;
import org.tributary.gateway.security.TokenValidator;
import org.tributary.gateway.security.ValidatedTokenCache;
import org.tributary.gateway.config.TokenIssuerConfig;
import org.tributary.gateway.front.Endpoint;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.security.AccessPolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** What the server puts in its pipeline: the authenticator, the guard and the endpoint that issues tokens. */
    public record Wiring(Authenticator authenticator, AccessPolicy guard, SeTokens tokens) {
        /** The token endpoint ({@link SeTokenEndpoint}), or none without {@code tpc.se-token-key}. */
        public List<Endpoint> endpoints() {
            return tokens == null ? List.of() : List.of(new SeTokenEndpoint(tokens, guard));
        }
    }

    /** Without {@code tpc.se-token-key}, the configured authenticator and guard unchanged and no endpoints. */
    public static Wiring wire(org.tributary.gateway.config.GatewayConfig config, Authenticator authenticator,
                              AccessPolicy guard) throws IOException {
        Path keyFile = config.tpc().seTokenKey();
        if (keyFile == null) return new Wiring(authenticator, guard, null);
        SeTokens t = open(keyFile, Clock.systemUTC());
        boolean plainHttp = config.tokens().allowBearerOverHttp() || config.listensOnLoopbackOnly();
        return new Wiring(t.authenticator(authenticator, plainHttp), t.guard(guard), t);
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

    Clock clock() { return clock; }

    /** Signs claims with the gateway's SE-token key (ES256, our key id: {@link #isOurs} recognises the result). */
    String sign(JWTClaimsSet claims) throws IOException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IOException("cannot sign an SE-issued token", e);
        }
        return jwt.serialize();
    }
}
