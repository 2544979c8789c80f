package org.tributary.gateway.tpc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.tributary.gateway.http.HttpError;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Accepted SE-issued tokens are remembered, but never past their exp and never for another host. */
class SeTokenCacheTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2027-03-01T00:00:00Z");
        @Override public Instant instant() { return now; }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
    }

    static String sign(ECKey key, Instant now, Duration life, String host) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(SeTokens.ISSUER_PREFIX + "data").subject("u").audience(host)
                .claim("scope", "storage.read:/f")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(life))).jwtID("j").build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    @Test
    void anAcceptedTokenIsRememberedUntilItsExpiryForItsHostOnly() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("se-test").generate();
        MovableClock clock = new MovableClock();
        SeTokens tokens = new SeTokens(key, clock);
        String t = sign(key, clock.now, Duration.ofMinutes(10), "se.example.org");

        assertEquals("u", tokens.validate(t, "se.example.org").subject());
        assertEquals(List.of("storage.read:/f"), tokens.validate(t, "se.example.org").scopes(), "parsed scopes");
        HttpError other = assertThrows(HttpError.class, () -> tokens.validate(t, "other.example.org"));
        assertTrue(other.getMessage().contains("another host"), other.getMessage());

        clock.now = clock.now.plus(Duration.ofMinutes(9));
        assertEquals("u", tokens.validate(t, "se.example.org").subject());
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        HttpError expired = assertThrows(HttpError.class, () -> tokens.validate(t, "se.example.org"));
        assertTrue(expired.getMessage().contains("expired"), expired.getMessage());
    }
}
