package org.tributary.gateway.security;

import com.nimbusds.jose.jwk.JWK;
import org.junit.jupiter.api.Test;
import org.tributary.gateway.config.TokenConfig;
import org.tributary.gateway.config.TokenIssuerConfig;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Key discovery and caching (SPECS §3.3): issuer down, new issuer failing closed, key rotation, rate limits. */
class IssuerKeySourceTest {

    static final Instant T0 = Instant.parse("2027-03-01T00:00:00Z");

    static TokenIssuerConfig issuer(String name, String url) {
        return new TokenIssuerConfig(name, url, "/", List.of(), List.of("se.example.org"), null, true, false);
    }

    @Test
    void issuerDownKeepsCachedKeysThenFailsClosed() throws Exception {
        try (LocalTestIssuer iss = LocalTestIssuer.start()) {
            MutableClock clock = new MutableClock(T0);
            TokenConfig cfg = new TokenConfig(List.of(issuer("a", iss.url()), issuer("b", deadUrl())), Map.of(), false);
            TokenValidator v = new TokenValidator(cfg, TokenValidator.keySources(cfg, clock), clock);
            v.validate(iss.wlcg(clock.instant(), "u", "se.example.org", "storage.read:/", null));
            iss.setDown(true);
            clock.advance(Duration.ofHours(7));   // past the 6 h refresh: the fetch fails, the cached keys stay
            v.validate(iss.wlcg(clock.instant(), "u", "se.example.org", "storage.read:/", null));
            clock.advance(Duration.ofHours(30));  // 37 h after the fetch: still inside the 2-day window
            v.validate(iss.wlcg(clock.instant(), "u", "se.example.org", "storage.read:/", null));
            clock.advance(Duration.ofHours(12));  // 49 h: too old
            TokenException e = assertThrows(TokenException.class,
                    () -> v.validate(iss.wlcg(clock.instant(), "u", "se.example.org", "storage.read:/", null)));
            assertTrue(e.getMessage().contains("cannot be refreshed"), e.getMessage());
            iss.setDown(false);
            clock.advance(Duration.ofMinutes(2)); // the issuer is back: the next request re-fetches
            v.validate(iss.wlcg(clock.instant(), "u", "se.example.org", "storage.read:/", null));
        }
    }

    @Test
    void newIssuerThatIsDownFailsClosed() throws Exception {
        MutableClock clock = new MutableClock(T0);
        try (LocalTestIssuer iss = LocalTestIssuer.start()) {
            iss.setDown(true);
            TokenConfig cfg = new TokenConfig(List.of(issuer("a", iss.url())), Map.of(), false);
            TokenValidator v = new TokenValidator(cfg, TokenValidator.keySources(cfg, clock), clock);
            TokenException e = assertThrows(TokenException.class,
                    () -> v.validate(iss.wlcg(clock.instant(), "u", "se.example.org", "storage.read:/", null)));
            assertTrue(e.getMessage().contains("not available"), e.getMessage());
        }
    }

    @Test
    void rotationPicksUpANewKidRateLimited() throws Exception {
        try (LocalTestIssuer iss = LocalTestIssuer.start()) {
            MutableClock clock = new MutableClock(T0);
            TokenConfig cfg = new TokenConfig(List.of(issuer("a", iss.url())), Map.of(), false);
            TokenValidator v = new TokenValidator(cfg, TokenValidator.keySources(cfg, clock), clock);
            v.validate(iss.wlcg(clock.instant(), "u", "se.example.org", "storage.read:/", null));
            assertEquals(1, iss.jwksFetches());
            JWK rotated = iss.rotate();
            String t = TokenMinter.mint(rotated, TokenMinter.Spec.wlcg(iss.url(), "u", "se.example.org",
                    "storage.read:/", null), clock.instant());
            // Within the rate limit of the first fetch: not re-fetched yet, so the new kid is unknown.
            assertThrows(TokenException.class, () -> v.validate(t));
            assertEquals(1, iss.jwksFetches());
            clock.advance(Duration.ofSeconds(61));
            v.validate(t);
            assertEquals(2, iss.jwksFetches());
            // A flood of tokens with made-up kids does not turn into a flood of fetches.
            com.nimbusds.jose.jwk.RSAKey stranger = (com.nimbusds.jose.jwk.RSAKey) LocalTestIssuer.rsa("bogus");
            for (int i = 0; i < 20; i++) {
                JWK k = new com.nimbusds.jose.jwk.RSAKey.Builder(stranger).keyID("bogus-" + i).build();
                String bogus = TokenMinter.mint(k, TokenMinter.Spec.wlcg(iss.url(), "u",
                        "se.example.org", "storage.read:/", null), clock.instant());
                assertThrows(TokenException.class, () -> v.validate(bogus));
            }
            assertEquals(2, iss.jwksFetches());
            // The old key keeps working after rotation (both are published).
            v.validate(iss.wlcg(clock.instant(), "u", "se.example.org", "storage.read:/", null));
        }
    }

    @Test
    void madeUpKidsOverTimeCauseAtMostOneFetchAMinute() throws Exception {
        try (LocalTestIssuer iss = LocalTestIssuer.start()) {
            MutableClock clock = new MutableClock(T0);
            TokenConfig cfg = new TokenConfig(List.of(issuer("a", iss.url())), Map.of(), false);
            TokenValidator v = new TokenValidator(cfg, TokenValidator.keySources(cfg, clock), clock);
            v.validate(iss.wlcg(clock.instant(), "u", "se.example.org", "storage.read:/", null));
            com.nimbusds.jose.jwk.RSAKey stranger = (com.nimbusds.jose.jwk.RSAKey) LocalTestIssuer.rsa("bogus");
            for (int i = 0; i < 300; i++) {   // one made-up kid a second for five minutes
                clock.advance(Duration.ofSeconds(1));
                JWK k = new com.nimbusds.jose.jwk.RSAKey.Builder(stranger).keyID("bogus-" + i).build();
                String bogus = TokenMinter.mint(k, TokenMinter.Spec.wlcg(iss.url(), "u", "se.example.org",
                        "storage.read:/", null), clock.instant());
                assertThrows(TokenException.class, () -> v.validate(bogus));
            }
            assertTrue(iss.jwksFetches() <= 1 + 5, "fetches: " + iss.jwksFetches());
            v.validate(iss.wlcg(clock.instant(), "u", "se.example.org", "storage.read:/", null));
        }
    }

    @Test
    void pinnedJwksFileNeedsNoNetwork() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("jwks");
        java.nio.file.Path jwks = dir.resolve("jwks.json");
        DevIssuer dev = DevIssuer.openOrCreate(jwks);
        MutableClock clock = new MutableClock(T0);
        TokenIssuerConfig c = new TokenIssuerConfig("pinned", "https://pinned.invalid", "/", List.of(), List.of(),
                jwks, false, false);
        TokenConfig cfg = new TokenConfig(List.of(c), Map.of(), false);
        TokenValidator v = new TokenValidator(cfg, TokenValidator.keySources(cfg, clock), clock);
        for (boolean ec : new boolean[] {false, true}) {
            String t = TokenMinter.mint(dev.key(ec), new TokenMinter.Spec("https://pinned.invalid", "u",
                    List.of(TokenValidator.ANY_AUDIENCE), "storage.read:/", null, Duration.ofMinutes(5), false), T0);
            assertEquals("u", v.validate(t).identity().subject());
        }
        assertTrue(java.nio.file.Files.readString(jwks).contains("\"kty\""));
        assertTrue(!java.nio.file.Files.readString(jwks).contains("\"d\""), "the public file holds no private part");
    }

    @Test
    void validatedTokensAreCachedUntilExpiry() throws Exception {
        try (LocalTestIssuer iss = LocalTestIssuer.start()) {
            MutableClock clock = new MutableClock(T0);
            TokenConfig cfg = new TokenConfig(List.of(issuer("a", iss.url())), Map.of(), false);
            TokenValidator v = new TokenValidator(cfg, TokenValidator.keySources(cfg, clock), clock);
            ValidatedTokenCache cache = new ValidatedTokenCache(clock, 4);
            String t = iss.wlcg(clock.instant(), "u", "se.example.org", "storage.read:/", null);
            TokenValidator.Validated vv = v.validate(t);
            cache.put(t, vv);
            iss.setDown(true);
            clock.advance(Duration.ofMinutes(59));
            assertEquals("u", cache.get(t).identity().subject());
            String other = t.substring(0, t.length() - 10) + (t.charAt(t.length() - 10) == 'A' ? 'B' : 'A') + t.substring(t.length() - 9);
            assertEquals(null, cache.get(other), "a token one character apart is another token");
            String header = "Bearer " + t;
            assertEquals(null, cache.recall(header), "nothing remembered for this header yet");
            cache.remember(header, vv);
            assertEquals("u", cache.recall(header).identity().subject());
            assertEquals("u", cache.recall(new String(header)).identity().subject(), "recalled by the text, not the object");
            String otherHeader = "Bearer " + other;
            assertEquals(null, cache.recall(otherHeader), "a header one character apart is another token");
            clock.advance(Duration.ofMinutes(1));
            assertEquals(null, cache.get(t), "gone at exp");
            assertEquals(null, cache.recall(header), "not recalled after exp either");
            for (int i = 0; i < 10; i++) cache.put("t" + i, vv);
            assertTrue(cache.size() <= 4, "bounded: " + cache.size());
        }
    }

    static String deadUrl() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }
}
