package org.tributary.gateway.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
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
 * JWKS file. Fetched keys are used for {@link #REFRESH} (never less than an hour, whatever the HTTP headers say),
 * then re-fetched; while the issuer is unreachable the old keys stay usable for {@link #KEEP_WHILE_DOWN}. A token
 * with an unknown {@code kid} triggers a re-fetch at most once per {@code unknownKidInterval} (key rotation), and
 * failed fetches are retried at most once per {@link #RETRY_AFTER_FAILURE}, so a flood of bad tokens or a dead
 * issuer never turns into a flood of outbound requests. An issuer whose keys were never fetched fails closed.
 */
public final class IssuerKeySource {

    public static final Duration REFRESH = Duration.ofHours(6);
    public static final Duration KEEP_WHILE_DOWN = Duration.ofDays(2);
    public static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);
    public static final Duration UNKNOWN_KID_INTERVAL = Duration.ofMinutes(1);
    static final int MAX_DOCUMENT_BYTES = 1 << 20;

    /** Fetches a document over http(s); replaceable in tests. */
    public interface Fetcher {
        String get(URI uri) throws IOException;
    }

    private final TokenIssuerConfig config;
    private final Clock clock;
    private final Fetcher fetcher;
    private final Duration unknownKidInterval;

    private volatile JWKSet keys;
    private volatile Instant fetchedAt;
    private Instant lastAttempt;
    private String lastError = "not fetched yet";

    public IssuerKeySource(TokenIssuerConfig config, Clock clock, Fetcher fetcher, Duration unknownKidInterval) {
        this.config = config;
        this.clock = clock;
        this.fetcher = fetcher;
        this.unknownKidInterval = unknownKidInterval;
    }

    public IssuerKeySource(TokenIssuerConfig config, Clock clock) {
        this(config, clock, httpFetcher(), UNKNOWN_KID_INTERVAL);
    }

    public TokenIssuerConfig config() { return config; }

    /** Fetches the keys now (at start-up, so the first token does not wait and a dead issuer shows in the log). */
    public void prefetch() {
        refreshIfAllowed(clock.instant(), Duration.ZERO);
    }

    /** The public key with this {@code kid}. */
    public JWK key(String kid) throws TokenException {
        Instant now = clock.instant();
        JWKSet k = keys;
        if (k != null && !now.isBefore(fetchedAt) && Duration.between(fetchedAt, now).compareTo(REFRESH) < 0) {
            JWK jwk = k.getKeyByKeyId(kid);
            if (jwk != null) return jwk;
            refreshIfAllowed(now, unknownKidInterval);
        } else {
            refreshIfAllowed(now, RETRY_AFTER_FAILURE);
        }
        k = keys;
        if (k == null) {
            throw new TokenException("the signing keys of issuer '" + config.name() + "' are not available ("
                    + lastError + ")");
        }
        if (Duration.between(fetchedAt, now).compareTo(KEEP_WHILE_DOWN) >= 0) {
            throw new TokenException("the signing keys of issuer '" + config.name() + "' are more than "
                    + KEEP_WHILE_DOWN.toHours() + " h old and cannot be refreshed (" + lastError + ")");
        }
        JWK jwk = k.getKeyByKeyId(kid);
        if (jwk == null) {
            throw new TokenException("unknown key id (kid) '" + clip(kid) + "' for issuer '" + config.name() + "'");
        }
        return jwk;
    }

    private synchronized void refreshIfAllowed(Instant now, Duration minInterval) {
        if (lastAttempt != null && Duration.between(lastAttempt, now).compareTo(minInterval) < 0) return;
        lastAttempt = now;
        try {
            JWKSet fresh = fetch().toPublicJWKSet();
            if (fresh.getKeys().isEmpty()) throw new IOException("the key set is empty");
            keys = fresh;
            fetchedAt = now;
            lastError = null;
        } catch (IOException | java.text.ParseException | RuntimeException e) {
            lastError = e.getMessage();
            System.err.println("token issuer '" + config.name() + "': cannot fetch signing keys: " + e.getMessage()
                    + (keys != null ? " (keeping the keys fetched at " + fetchedAt + ")" : ""));
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
