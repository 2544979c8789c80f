package org.tributary.gateway.security;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.tributary.gateway.FuzzInput;
import org.tributary.gateway.config.TokenConfig;
import org.tributary.gateway.config.TokenIssuerConfig;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fuzzes token validation ({@link BearerTokenExtractor#fromAuthorization} and {@link TokenValidator#validate}) against
 * an issuer whose RSA and EC keys are generated here: no token is ever accepted unless its header and claims were
 * signed by one of those keys in this run (forged signatures with look-alike keys of the same kid, signatures moved
 * from a genuine token, alg none, HS256 keyed with the public key, flipped bytes), and the identity of an accepted
 * token carries exactly the subject, issuer, groups and storage scopes of the claims that were signed.
 * Input lines: a mode, a variant, the text. Modes: "authorization" (the text is an Authorization header value),
 * "claims" (the text is a claims set; variant signed, forged, transplant, none or hs256 says how it is signed),
 * "header" (the text is a JOSE header over genuine claims and signature), "flip" (the text's bytes are XORed into a
 * genuine token).
 */
class TokenValidatorFuzzTest {

    static final String ISSUER = "https://issuer.fuzz.invalid";
    static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
    private static final JWK RSA;
    private static final JWK EC;
    private static final JWK RSA_LOOKALIKE;
    private static final JWK EC_LOOKALIKE;
    private static final String GENUINE_RSA;
    private static final String GENUINE_EC;
    /** Header.payload of every token signed by a trusted key in this JVM. */
    private static final Set<String> SIGNED = ConcurrentHashMap.newKeySet();
    private static final TokenValidator VALIDATOR;

    static {
        try {
            RSA = LocalTestIssuer.rsa("rsa-1");
            EC = LocalTestIssuer.ec("ec-1");
            RSA_LOOKALIKE = LocalTestIssuer.rsa("rsa-1");
            EC_LOOKALIKE = LocalTestIssuer.ec("ec-1");
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        TokenIssuerConfig issuer = new TokenIssuerConfig("fuzz", ISSUER, "/", List.of(), List.of("se.example.org"),
                null, false, false);
        TokenConfig config = new TokenConfig(List.of(issuer), Map.of(), false);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        String jwks = new JWKSet(List.of(RSA, EC)).toPublicJWKSet().toString();
        IssuerKeySource.Fetcher fetcher = uri -> uri.getPath().endsWith("openid-configuration")
                ? "{\"issuer\":\"" + ISSUER + "\",\"jwks_uri\":\"" + ISSUER + "/jwks\"}" : jwks;
        VALIDATOR = new TokenValidator(config, Map.of("fuzz", new IssuerKeySource(issuer, clock, fetcher,
                Duration.ofDays(1))), clock);
        Instant iat = NOW.minusSeconds(600);
        GENUINE_RSA = signTrusted(RSA, TokenMinter.claims(TokenMinter.Spec.wlcg(ISSUER, "alice", "se.example.org",
                "storage.read:/ storage.create:/home/alice", List.of("/atlas")), iat));
        GENUINE_EC = signTrusted(EC, TokenMinter.claims(new TokenMinter.Spec(ISSUER, "bob", List.of("ANY"),
                "read:/public write:/home/bob", List.of(), Duration.ofHours(1), true), iat));
    }

    private static String signTrusted(JWK key, JWTClaimsSet claims) {
        String t = TokenMinter.sign(key, claims);
        SIGNED.add(t.substring(0, t.lastIndexOf('.')));
        return t;
    }

    @FuzzTest(maxDuration = "5s")
    void onlyTokensSignedByTheIssuersKeysAreAccepted(byte[] data) throws Exception {
        String[] f = FuzzInput.fields(data, 3);
        String mode = f[0].trim();
        String variant = f[1].trim();
        String text = f[2];
        switch (mode) {
            case "authorization" -> {
                String token = BearerTokenExtractor.fromAuthorization(text);
                if (token == null) return;
                // String.trim: white space and control characters (a header value cannot carry the latter anyway)
                assertEquals(token.trim(), token, "token with surrounding white space from '" + text + "'");
                assertFalse(token.isEmpty());
                assertTrue(text.trim().regionMatches(true, 0, "Bearer", 0, 6) && text.trim().endsWith(token),
                        "token '" + token + "' is not the credential of '" + text + "'");
                check(token, null);
            }
            case "claims" -> {
                JWTClaimsSet claims;
                try {
                    claims = JWTClaimsSet.parse(text);
                } catch (ParseException e) {
                    return;
                }
                boolean ec = variant.endsWith("-ec");
                JWK trusted = ec ? EC : RSA;
                switch (variant.replace("-ec", "")) {
                    case "signed" -> check(signTrusted(trusted, claims), claims);
                    case "forged" -> check(TokenMinter.sign(ec ? EC_LOOKALIKE : RSA_LOOKALIKE, claims), null);
                    case "transplant" -> {
                        String genuine = ec ? GENUINE_EC : GENUINE_RSA;
                        String head = genuine.substring(0, genuine.indexOf('.'));
                        check(head + "." + b64(text) + genuine.substring(genuine.lastIndexOf('.')), null);
                    }
                    case "none" -> check(b64("{\"alg\":\"none\",\"kid\":\"" + trusted.getKeyID() + "\"}") + "."
                            + b64(text) + ".", null);
                    default -> {
                        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                                .keyID(trusted.getKeyID()).build(), claims);
                        byte[] secret = trusted.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
                        hs.sign(new MACSigner(secret));
                        check(hs.serialize(), null);
                    }
                }
            }
            case "header" -> {
                String genuine = variant.equals("ec") ? GENUINE_EC : GENUINE_RSA;
                check(b64(text) + genuine.substring(genuine.indexOf('.')), null);
            }
            default -> {
                char[] t = (variant.equals("ec") ? GENUINE_EC : GENUINE_RSA).toCharArray();
                byte[] x = text.getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i + 1 < x.length; i += 2) {
                    int at = (x[i] & 0xff) * 7 % t.length;
                    t[at] = (char) (t[at] ^ (x[i + 1] & 0x7f));
                }
                check(new String(t), null);
            }
        }
    }

    /** Validates; if accepted, the token must have been signed here, and its identity is that of {@code signed}. */
    private static void check(String token, JWTClaimsSet signed) throws Exception {
        TokenValidator.Validated v;
        try {
            v = VALIDATOR.validate(token);
        } catch (TokenException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "refusal without a reason");
            return;
        }
        int dot = token.lastIndexOf('.');
        if (dot < 0 || !SIGNED.contains(token.substring(0, dot))) {
            fail("accepted a token that no trusted key signed: " + token);
        }
        JWTClaimsSet claims = signed != null ? signed : SignedJWT.parse(token).getJWTClaimsSet();
        Identity id = v.identity();
        assertEquals(claims.getSubject(), id.subject());
        assertEquals(claims.getIssuer(), id.issuer());
        Object groups = claims.getClaim("wlcg.groups");
        for (String g : id.groups()) {
            assertTrue(groups instanceof List<?> l && l.contains(g), "group " + g + " not in the signed claims");
        }
        List<String> signedScopes = List.of(String.valueOf(claims.getClaim("scope")).trim().split("\\s+"));
        for (String s : id.scopes()) {
            String path = s.substring(s.indexOf(':'));
            boolean fromClaims = signedScopes.contains(s)
                    || s.startsWith("storage.read:") && (signedScopes.contains("read" + path)
                            || signedScopes.contains("storage.stage" + path))
                    || s.startsWith("storage.modify:") && signedScopes.contains("write" + path);
            assertTrue(fromClaims, "scope " + s + " is not one the signed claims " + signedScopes + " grant");
        }
    }

    private static String b64(String s) {
        return Base64URL.encode(s.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
