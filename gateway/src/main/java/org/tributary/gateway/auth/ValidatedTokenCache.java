package org.tributary.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens that passed validation, keyed by the SHA-256 of the token (the token itself is never stored), until their
 * {@code exp}: repeated requests with the same token (a transfer's many GETs, a listing crawl) cost one hash and
 * one map lookup, no signature check and no key lookup. Bounded: when full, expired entries are dropped, and if
 * that is not enough the cache starts over.
 */
public final class ValidatedTokenCache {

    public static final int DEFAULT_MAX_ENTRIES = 50_000;

    private final ConcurrentHashMap<String, TokenValidator.Validated> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxEntries;

    public ValidatedTokenCache(Clock clock, int maxEntries) {
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    public ValidatedTokenCache(Clock clock) {
        this(clock, DEFAULT_MAX_ENTRIES);
    }

    /** The cached validation of this token, or null when absent or expired. */
    public TokenValidator.Validated get(String token) {
        String key = hash(token);
        TokenValidator.Validated v = entries.get(key);
        if (v == null) return null;
        if (!clock.instant().isBefore(v.expires())) {
            entries.remove(key, v);
            return null;
        }
        return v;
    }

    public void put(String token, TokenValidator.Validated v) {
        if (entries.size() >= maxEntries) {
            Instant now = clock.instant();
            entries.values().removeIf(e -> !now.isBefore(e.expires()));
            if (entries.size() >= maxEntries) entries.clear();
        }
        entries.put(hash(token), v);
    }

    public int size() { return entries.size(); }

    static String hash(String token) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
