package org.tributary.gateway.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.tributary.gateway.config.TokenConfig;
import org.tributary.gateway.config.TokenIssuerConfig;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates a WLCG Common JWT Profile or SciTokens 2.0 bearer token (SPECS §3.1, §3.3) and turns it into an
 * {@link Identity}: RS256/ES256 signature by the issuer's key chosen by {@code kid}; {@code iss} among the trusted
 * issuers; {@code exp} with no grace; {@code nbf} and {@code iat} with {@link #SKEW}; {@code aud} among the issuer's
 * audiences or the "any" values; {@code wlcg.ver} major 1 or {@code ver: scitoken:2.0}; storage scopes with a path
 * and without '..'. Unknown claims are ignored.
 */
public final class TokenValidator {

    public static final Duration SKEW = Duration.ofSeconds(60);
    /** Real tokens are 1–3 KB; anything this large is refused before it is parsed. */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;
    public static final String ANY_AUDIENCE = "https://wlcg.cern.ch/jwt/v1/any";
    public static final String SCITOKENS_ANY = "ANY";
    static final Pattern WLCG_VER = Pattern.compile("(\\d+)\\.(\\d+)");
    static final Pattern GROUP = Pattern.compile("(/[a-zA-Z0-9][a-zA-Z0-9_.-]*)+");
    static final Pattern TOKEN_CHARS = Pattern.compile("[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]*\\.[A-Za-z0-9_\\-]*");

    /**
     * A validated token: who, and until when the validation holds.
     *
     * @param issuer the configured issuer; null for the gateway's own SE-issued tokens
     */
    public record Validated(Identity identity, Instant expires, TokenIssuerConfig issuer) { }

    private final TokenConfig config;
    private final Map<String, IssuerKeySource> keySources;
    private final Clock clock;

    public TokenValidator(TokenConfig config, Map<String, IssuerKeySource> keySources, Clock clock) {
        this.config = config;
        this.keySources = new LinkedHashMap<>(keySources);
        this.clock = clock;
    }

    /** Key sources for every configured issuer, fetching over https. */
    public static Map<String, IssuerKeySource> keySources(TokenConfig config, Clock clock) {
        Map<String, IssuerKeySource> m = new LinkedHashMap<>();
        for (TokenIssuerConfig i : config.issuers()) m.put(i.name(), new IssuerKeySource(i, clock));
        return m;
    }

    public Validated validate(String token) throws TokenException {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new TokenException("token of " + token.length() + " characters is larger than the "
                    + MAX_TOKEN_CHARS + " accepted");
        }
        if (!TOKEN_CHARS.matcher(token).matches()) {
            throw new TokenException("not a JWT (expected three base64url parts separated by dots)");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new TokenException("malformed token: " + IssuerKeySource.clip(e.getMessage()));
        }
        if (jwt instanceof PlainJWT) throw new TokenException("unsigned token (alg none) is not accepted");
        if (!(jwt instanceof SignedJWT signed)) throw new TokenException("encrypted tokens are not accepted");
        JWSAlgorithm alg = signed.getHeader().getAlgorithm();
        if (!JWSAlgorithm.RS256.equals(alg) && !JWSAlgorithm.ES256.equals(alg)) {
            throw new TokenException("signature algorithm " + IssuerKeySource.clip(String.valueOf(alg))
                    + " is not accepted; use RS256 or ES256");
        }
        String kid = signed.getHeader().getKeyID();
        if (kid == null || kid.isEmpty()) throw new TokenException("the token header has no key id (kid)");
        JWTClaimsSet claims;
        try {
            claims = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenException("malformed token payload: " + IssuerKeySource.clip(e.getMessage()));
        }
        String iss = claims.getIssuer();
        if (iss == null) throw new TokenException("the token has no issuer (iss)");
        TokenIssuerConfig issuer = config.issuerFor(iss).orElseThrow(() ->
                new TokenException("issuer '" + IssuerKeySource.clip(iss) + "' is not trusted here"));
        IssuerKeySource keys = keySources.get(issuer.name());
        if (keys == null) throw new TokenException("issuer '" + issuer.name() + "' has no key source");
        JWK jwk = keys.key(kid);
        try {
            if (!signed.verify(verifier(alg, jwk))) throw new TokenException("the signature does not verify");
        } catch (JOSEException e) {
            throw new TokenException("the signature cannot be verified: " + IssuerKeySource.clip(e.getMessage()));
        }
        return checkClaims(claims, issuer);
    }

    private static JWSVerifier verifier(JWSAlgorithm alg, JWK jwk) throws TokenException, JOSEException {
        if (JWSAlgorithm.RS256.equals(alg)) {
            if (!(jwk instanceof RSAKey rsa)) throw new TokenException("key '" + jwk.getKeyID() + "' is not an RSA key");
            return new RSASSAVerifier(rsa.toRSAPublicKey());
        }
        if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
            throw new TokenException("key '" + jwk.getKeyID() + "' is not a P-256 EC key");
        }
        return new ECDSAVerifier(ec.toECPublicKey());
    }

    private Validated checkClaims(JWTClaimsSet c, TokenIssuerConfig issuer) throws TokenException {
        Instant now = clock.instant();
        if (c.getExpirationTime() == null) throw new TokenException("the token has no expiry (exp)");
        Instant exp = c.getExpirationTime().toInstant();
        if (!now.isBefore(exp)) throw new TokenException("the token expired at " + exp);
        if (c.getNotBeforeTime() != null && now.plus(SKEW).isBefore(c.getNotBeforeTime().toInstant())) {
            throw new TokenException("the token is not valid before " + c.getNotBeforeTime().toInstant());
        }
        String ver = text(c, "wlcg.ver");
        String sciVer = text(c, "ver");
        boolean sci;
        if (ver != null) {
            Matcher m = WLCG_VER.matcher(ver);
            if (!m.matches() || !m.group(1).equals("1")) {
                throw new TokenException("wlcg.ver '" + IssuerKeySource.clip(ver) + "' is not supported; major"
                        + " version 1 is");
            }
            sci = false;
        } else if ("scitoken:2.0".equals(sciVer) || "scitokens:2.0".equals(sciVer)) {
            sci = true;
        } else {
            throw new TokenException("neither a WLCG token (wlcg.ver) nor a SciToken (ver: scitoken:2.0)");
        }
        if (c.getIssueTime() == null) {
            if (!sci) throw new TokenException("the token has no issue time (iat)");
        } else if (now.plus(SKEW).isBefore(c.getIssueTime().toInstant())) {
            throw new TokenException("the token is issued in the future (iat " + c.getIssueTime().toInstant() + ")");
        }
        String sub = c.getSubject();
        if (sub == null || sub.isEmpty() || sub.length() > 255) {
            throw new TokenException("the token has no valid subject (sub)");
        }
        String jti = c.getJWTID();
        if (jti == null && !sci) throw new TokenException("the token has no token id (jti)");
        checkAudience(c.getAudience(), issuer, sci);
        List<StorageScope> scopes = scopes(c, sci);
        List<String> groups = new ArrayList<>();
        Object g = c.getClaim("wlcg.groups");
        if (g instanceof List<?> list) {
            for (Object o : list) if (o instanceof String s && GROUP.matcher(s).matches()) groups.add(s);
        }
        return new Validated(new Identity(c.getIssuer(), sub, jti, groups, scopes), exp, issuer);
    }

    private static void checkAudience(List<String> aud, TokenIssuerConfig issuer, boolean sci) throws TokenException {
        if (aud == null || aud.isEmpty()) throw new TokenException("the token has no audience (aud)");
        for (String a : aud) {
            if (ANY_AUDIENCE.equals(a) || (sci && SCITOKENS_ANY.equals(a)) || issuer.audiences().contains(a)) return;
        }
        List<String> shown = aud.stream().limit(5).map(IssuerKeySource::clip).toList();
        throw new TokenException("audience " + shown + " is not accepted here"
                + (issuer.audiences().isEmpty() ? " (only " + ANY_AUDIENCE + ")" : "; expected one of "
                + issuer.audiences() + " or " + ANY_AUDIENCE));
    }

    /**
     * Storage capabilities, parsed; SciTokens read:/write: translated. storage.stage stays what it is whatever
     * {@code wlcg.ver} says: WLCG JWT profile v1.3 says it never implies read; an issuer that needs the v1.0 rule says
     * so in the configuration ({@code stage-grants-read}, decided in ScopeAuthorizer).
     */
    private static List<StorageScope> scopes(JWTClaimsSet c, boolean sci) throws TokenException {
        String scope = text(c, "scope");
        List<StorageScope> out = new ArrayList<>();
        if (scope == null) return out;
        for (String s : scope.trim().split("\\s+")) {
            if (s.isEmpty()) continue;
            if (sci) {
                int colon = s.indexOf(':');
                String head = colon < 0 ? s : s.substring(0, colon);
                String kind = head.equals("read") ? "read" : head.equals("write") ? "modify" : null;
                if (kind == null) continue;
                if (colon < 0 || colon == s.length() - 1) {
                    throw new TokenException("scope '" + IssuerKeySource.clip(s) + "' has no path");
                }
                out.add(StorageScope.parse("storage." + kind + s.substring(colon)));
                continue;
            }
            StorageScope parsed = StorageScope.parse(s);
            if (parsed == null) continue;
            out.add(parsed);
        }
        return out;
    }

    private static String text(JWTClaimsSet c, String name) {
        Object v = c.getClaim(name);
        return v == null ? null : v.toString();
    }
}
