package org.tributary.gateway.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Signs WLCG and SciTokens tokens with a private JWK (RS256 for RSA keys, ES256 for EC keys): dev and test issuers. */
public final class TokenMinter {

    /** What goes into a token; null fields are left out. */
    public record Spec(String issuer, String subject, List<String> audience, String scope, List<String> groups,
                       Duration lifetime, boolean scitoken) {

        public static Spec wlcg(String issuer, String subject, String audience, String scope, List<String> groups) {
            return new Spec(issuer, subject, List.of(audience), scope, groups, Duration.ofHours(1), false);
        }
    }

    private TokenMinter() {}

    public static JWTClaimsSet claims(Spec s, Instant now) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer(s.issuer()).subject(s.subject())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(s.lifetime())))
                .jwtID(UUID.randomUUID().toString());
        if (s.audience() != null) b.audience(s.audience());
        if (s.scope() != null) b.claim("scope", s.scope());
        if (s.scitoken()) {
            b.claim("ver", "scitoken:2.0");
        } else {
            b.claim("wlcg.ver", "1.0");
            if (s.groups() != null && !s.groups().isEmpty()) b.claim("wlcg.groups", s.groups());
        }
        return b.build();
    }

    public static String mint(JWK key, Spec s, Instant now) {
        return sign(key, claims(s, now));
    }

    public static String sign(JWK key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt;
            if (key instanceof RSAKey rsa) {
                jwt = new SignedJWT(header(JWSAlgorithm.RS256, key), claims);
                jwt.sign(new RSASSASigner(rsa));
            } else if (key instanceof ECKey ec) {
                jwt = new SignedJWT(header(JWSAlgorithm.ES256, key), claims);
                jwt.sign(new ECDSASigner(ec));
            } else {
                throw new IllegalArgumentException("only RSA and EC keys sign tokens here");
            }
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
        }
    }

    private static JWSHeader header(JWSAlgorithm alg, JWK key) {
        return new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build();
    }
}
