package org.tributary.gateway.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tributary.gateway.config.TokenIssuerConfig;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The signing keys of one trusted issuer (SPECS §3.3). Keys come from OIDC discovery
 * ({@code <iss>/.well-known/openid-configuration} → {@code jwks_uri}, RFC 8414 form as a fallback) or from a pinned
 * JWKS file. Caching, refresh, outage tolerance and rate limiting are Nimbus' ({@link JWKSourceBuilder} around the
 * discovery as a {@link JWKSetSource}): fetched keys are used for {@link #REFRESH}, then re-fetched; while the issuer
 * is unreachable the old keys stay usable, and never beyond {@link #KEEP_WHILE_DOWN} after the last good fetch; at
 * most two fetches per {@link #RETRY_AFTER_FAILURE} reach the issuer, so a flood of bad tokens or a dead issuer never
 * turns into a flood of outbound requests. A token with an unknown {@code kid} (key rotation) asks for a re-fetch
 * only when the keys are older than {@code unknownKidInterval}. An issuer whose keys were never fetched fails closed.
 * Times are this source's clock's (Nimbus takes the time as a parameter), so tests can move them.
 */
public final class IssuerKeySource {

    private static final Logger LOG = LoggerFactory.getLogger(IssuerKeySource.class);

    public static final Duration REFRESH = Duration.ofHours(6);
    public static final Duration KEEP_WHILE_DOWN = Duration.ofDays(2);
    public static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);
    public static final Duration UNKNOWN_KID_INTERVAL = Duration.ofMinutes(1);
    /** How long a request waits for a fetch another request started (discovery is two or three requests). */
    static final Duration WAIT_FOR_FETCH = Duration.ofSeconds(30);
    static final int MAX_DOCUMENT_BYTES = 1 << 20;

    /** Fetches a document over http(s); replaceable in tests. */
    public interface Fetcher {
        String get(URI uri) throws IOException;
    }

    private final TokenIssuerConfig config;
    private final Clock clock;
    private final Fetcher fetcher;
    private final Duration unknownKidInterval;
    private final JWKSetSource<SecurityContext> keys;

    /** When the keys were last fetched, on this source's clock (null: never). */
    private volatile Instant fetchedAt;
    private volatile String lastError = "not fetched yet";

    public IssuerKeySource(TokenIssuerConfig config, Clock clock, Fetcher fetcher, Duration unknownKidInterval) {
        this.config = config;
        this.clock = clock;
        this.fetcher = fetcher;
        this.unknownKidInterval = unknownKidInterval;
        JWKSource<SecurityContext> built = JWKSourceBuilder.create(new Discovery())
                .cache(REFRESH.toMillis(), WAIT_FOR_FETCH.toMillis())
                .refreshAheadCache(false)   // no background threads: a refresh happens on the request that needs it
                .rateLimited(RETRY_AFTER_FAILURE.toMillis())
                .outageTolerant(KEEP_WHILE_DOWN.toMillis())
                .retrying(false)
                .build();
        // Without a failover the builder's source is set-based; its set source takes the time from the caller
        this.keys = ((JWKSetBasedJWKSource<SecurityContext>) built).getJWKSetSource();
    }

    public IssuerKeySource(TokenIssuerConfig config, Clock clock) {
        this(config, clock, httpFetcher(), UNKNOWN_KID_INTERVAL);
    }

    public TokenIssuerConfig config() { return config; }

    /** Fetches the keys now (at start-up, so the first token does not wait and a dead issuer shows in the log). */
    public void prefetch() {
        try {
            keys.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), clock.millis(), null);
        } catch (KeySourceException e) {
            // logged by the discovery; the first token tries again
        }
    }

    /** The public key with this {@code kid}. */
    public JWK key(String kid) throws TokenException {
        Instant now = clock.instant();
        JWKSet set = keySet(JWKSetCacheRefreshEvaluator.noRefresh(), now);
        if (olderThan(KEEP_WHILE_DOWN, now)) {
            // the cache may still hold the last good set as a stand-in during an outage: too old now, try again
            set = keySet(JWKSetCacheRefreshEvaluator.referenceComparison(set), now);
            if (olderThan(KEEP_WHILE_DOWN, now)) throw tooOld();
        }
        JWK jwk = set.getKeyByKeyId(kid);
        if (jwk == null && olderThan(unknownKidInterval, now)) {
            // perhaps a rotation: fetch again, unless someone else just did (reference comparison)
            set = keySet(JWKSetCacheRefreshEvaluator.referenceComparison(set), now);
            jwk = set.getKeyByKeyId(kid);
        }
        if (jwk == null) {
            throw new TokenException("unknown key id (kid) '" + clip(kid) + "' for issuer '" + config.name() + "'");
        }
        return jwk;
    }

    private JWKSet keySet(JWKSetCacheRefreshEvaluator refresh, Instant now) throws TokenException {
        try {
            return keys.getJWKSet(refresh, now.toEpochMilli(), null);
        } catch (KeySourceException e) {
            if (fetchedAt == null) {
                throw new TokenException("the signing keys of issuer '" + config.name() + "' are not available ("
                        + (lastError != null ? lastError : e.getMessage()) + ")");
            }
            throw tooOld();
        }
    }

    private boolean olderThan(Duration age, Instant now) {
        Instant at = fetchedAt;
        return at != null && Duration.between(at, now).compareTo(age) >= 0;
    }

    private TokenException tooOld() {
        return new TokenException("the signing keys of issuer '" + config.name() + "' are more than "
                + KEEP_WHILE_DOWN.toHours() + " h old and cannot be refreshed (" + lastError + ")");
    }

    /** The issuer's key set, fetched by discovery (or read from the pinned file) each time Nimbus asks. */
    private final class Discovery implements JWKSetSource<SecurityContext> {

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refresh, long currentTime, SecurityContext context)
                throws KeySourceException {
            try {
                JWKSet fresh = fetch().toPublicJWKSet();
                if (fresh.getKeys().isEmpty()) throw new IOException("the key set is empty");
                fetchedAt = Instant.ofEpochMilli(currentTime);
                lastError = null;
                return fresh;
            } catch (IOException | java.text.ParseException | RuntimeException e) {
                lastError = e.getMessage();
                Instant at = fetchedAt;
                LOG.warn("token issuer '{}': cannot fetch signing keys: {}{}", config.name(), e.getMessage(),
                        at != null ? " (keeping the keys fetched at " + at + ")" : "");
                throw new JWKSetUnavailableException("cannot fetch the signing keys: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            // nothing held between fetches
        }
    }

    private JWKSet fetch() throws IOException, java.text.ParseException {
        if (config.jwksFile() != null) {
            return JWKSet.parse(Files.readString(config.jwksFile(), StandardCharsets.UTF_8));
        }
        String base = config.issuer().endsWith("/") ? config.issuer().substring(0, config.issuer().length() - 1)
                : config.issuer();
        URI suffixForm = URI.create(base + "/.well-known/openid-configuration");
        String doc;
        try {
            doc = fetcher.get(suffixForm);
        } catch (IOException e) {
            URI u = URI.create(base);
            if (u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/")) throw e;
            // RFC 8414: https://host/.well-known/openid-configuration/<path>
            doc = fetcher.get(URI.create(u.getScheme() + "://" + u.getRawAuthority()
                    + "/.well-known/openid-configuration" + u.getRawPath()));
        }
        Map<String, Object> meta = JSONObjectUtils.parse(doc);
        Object jwksUri = meta.get("jwks_uri");
        if (!(jwksUri instanceof String s) || s.isBlank()) throw new IOException("discovery document has no jwks_uri");
        URI ju = URI.create(s);
        checkScheme(ju);
        return JWKSet.parse(fetcher.get(ju));
    }

    private void checkScheme(URI u) throws IOException {
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) return;
        if (scheme.equals("http") && config.allowHttpOnLoopback() && u.getHost() != null
                && InetAddress.getByName(u.getHost()).isLoopbackAddress()) return;
        throw new IOException("jwks_uri " + u + " is not https");
    }

    /** HTTPS with the JVM's trust store and hostname verification, short timeouts, at most 1 MiB. */
    public static Fetcher httpFetcher() {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        return uri -> {
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/json").GET().build();
            try {
                HttpResponse<InputStream> r = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = r.body()) {
                    if (r.statusCode() != 200) throw new IOException("GET " + uri + " answered " + r.statusCode());
                    byte[] b = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
                    if (b.length > MAX_DOCUMENT_BYTES) throw new IOException("GET " + uri + ": document over 1 MiB");
                    return new String(b, StandardCharsets.UTF_8);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        };
    }

    static String clip(String s) {
        if (s == null) return "";
        String t = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
