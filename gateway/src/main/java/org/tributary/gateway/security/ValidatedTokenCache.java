package org.tributary.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Tokens that passed validation, keyed by the SHA-256 of the token (this map holds no token), until their
 * {@code exp}: repeated requests with the same token (a transfer's many GETs, a listing crawl) cost one hash and
 * one map lookup, no signature check and no key lookup. A Caffeine cache: each entry expires at its own token's
 * {@code exp} (a per-entry {@link Expiry}, on the cache's clock), and the size is bounded (least recently and
 * frequently used entries go first), instead of a map that was cleared when it filled up.
 *
 * <p>In front of it sits a small table of the most recent Authorization header values, found by the String's hash
 * and confirmed by comparing the whole value: a client repeating its token (one transfer, many requests) costs a
 * hash and a compare of the header (both vectorised by the JVM: ~25 ns for a 700-character token) instead of a
 * SHA-256 of the token (~500 ns) and a map lookup. This table does hold the header text, so it is small and an entry is good only until
 * the token's {@code exp}: it keeps no more than the last request buffers of recent clients already do.
 */
public final class ValidatedTokenCache {

    public static final int DEFAULT_MAX_ENTRIES = 50_000;

    /** The 256 bits of the token's SHA-256 as a map key (no hex string to build and hash on every request). */
    record Key(long a, long b, long c, long d) { }

    private static final int RECENT_SLOTS = 1024; // a power of two

    private record Recent(String header, TokenValidator.Validated validated) { }

    private final Cache<Key, TokenValidator.Validated> entries;
    private final AtomicReferenceArray<Recent> recent = new AtomicReferenceArray<>(RECENT_SLOTS);
    private final Clock clock;
    /** A digest to clone: {@code MessageDigest.getInstance} walks the provider list on every call. */
    private final MessageDigest sha256;

    public ValidatedTokenCache(Clock clock, int maxEntries) {
        this.clock = clock;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(Expiry.creating((Key k, TokenValidator.Validated v) ->
                        Duration.between(clock.instant(), v.expires())))
                .ticker(ticker(clock))
                .executor(Runnable::run) // evict on the caller's thread: no pool, and size() is exact in tests
                .build();
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public ValidatedTokenCache(Clock clock) {
        this(clock, DEFAULT_MAX_ENTRIES);
    }

    /** Caffeine's clock from ours, so that expiry follows the clock every other check uses (and tests move). */
    static Ticker ticker(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    /** The cached validation of this token, or null when absent or expired. */
    public TokenValidator.Validated get(String token) {
        return entries.getIfPresent(key(token));
    }

    /** The unexpired validation remembered for exactly this Authorization header value, or null. */
    public TokenValidator.Validated recall(String authorizationHeader) {
        int slot = slot(authorizationHeader);
        Recent r = recent.get(slot);
        if (r == null || !r.header().equals(authorizationHeader)) return null;
        if (clock.instant().isBefore(r.validated().expires())) return r.validated();
        recent.compareAndSet(slot, r, null);
        return null;
    }

    /** Remembers the validation of the token this header value carries (see the class comment). */
    public void remember(String authorizationHeader, TokenValidator.Validated v) {
        recent.set(slot(authorizationHeader), new Recent(authorizationHeader, v));
    }

    private static int slot(String header) {
        int h = header.hashCode();
        return (h ^ (h >>> 16)) & (RECENT_SLOTS - 1);
    }

    public void put(String token, TokenValidator.Validated v) {
        entries.put(key(token), v);
    }

    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    Key key(String token) {
        MessageDigest md;
        try {
            md = (MessageDigest) sha256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the SHA-256 implementation cannot be cloned", e);
        }
        ByteBuffer h = ByteBuffer.wrap(md.digest(token.getBytes(StandardCharsets.UTF_8)));
        return new Key(h.getLong(), h.getLong(), h.getLong(), h.getLong());
    }
}
