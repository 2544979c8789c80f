package org.tributary.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One trusted token issuer ({@code token-issuers:}). Its tokens' storage scopes are paths below {@code basePath} in
 * each of its storage areas.
 *
 * @param name                short label used in policies ("issuer NAME"), logs and messages
 * @param issuer              the {@code iss} value, an https URL (exact match; one trailing '/' is ignored)
 * @param basePath            where the scope path "/" lands inside each area, "/" by default
 * @param areas               names of the storage areas that accept this issuer's tokens; empty = every area
 * @param audiences           accepted {@code aud} values besides https://wlcg.cern.ch/jwt/v1/any (and SciTokens'
 *                            ANY); typically the bare host name Rucio uses and https://host
 * @param jwksFile            a pinned JWKS file used instead of OIDC discovery (sites without outbound access), or null
 * @param allowHttpOnLoopback accept an http:// issuer URL when its host is a loopback address (test set-ups only)
 * @param dev                 a local development issuer: keys are generated next to {@code jwksFile}
 *                            ({@code tributary dev-token} mints tokens); only allowed when the server listens on
 *                            loopback only
 * @param stageGrantsRead     the WLCG JWT profile v1.0 rule for this issuer: {@code storage.stage} also grants read
 *                            (v1.3, the default, says it does not; for sites whose clients still rely on the old rule)
 */
public record TokenIssuerConfig(String name, String issuer, String basePath, List<String> areas, List<String> audiences,
                                Path jwksFile, boolean allowHttpOnLoopback, boolean dev, boolean stageGrantsRead) {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    public TokenIssuerConfig {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ConfigProblem("name", (name == null ? "is required" : "'" + name + "' is not allowed")
                    + "; use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        checkIssuerUrl(issuer, allowHttpOnLoopback);
        basePath = AccessRule.normalisePattern(basePath == null ? "/" : basePath.isBlank() ? "/" : basePath);
        if (basePath.contains("*")) throw new ConfigProblem("base-path", "'" + basePath + "': no wildcards here");
        areas = areas == null ? List.of() : List.copyOf(areas);
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        for (int i = 0; i < audiences.size(); i++) {
            if (audiences.get(i).isBlank()) throw new ConfigProblem("audiences[" + i + "]", "must not be empty");
        }
        if (dev && jwksFile == null) {
            throw new ConfigProblem("jwks-file", "is required for a dev issuer: the public keys are written there");
        }
    }

    /** An issuer with the v1.3 rule: storage.stage does not grant read. */
    public TokenIssuerConfig(String name, String issuer, String basePath, List<String> areas, List<String> audiences,
                             Path jwksFile, boolean allowHttpOnLoopback, boolean dev) {
        this(name, issuer, basePath, areas, audiences, jwksFile, allowHttpOnLoopback, dev, false);
    }

    /** Whether {@code iss} from a token names this issuer. */
    public boolean matches(String iss) {
        if (iss == null) return false;
        return strip(iss).equals(strip(issuer));
    }

    public boolean servesArea(String areaName) {
        return areas.isEmpty() || areas.contains(areaName);
    }

    static String strip(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static void checkIssuerUrl(String issuer, boolean allowHttp) {
        if (issuer == null || issuer.isBlank()) {
            throw new ConfigProblem("issuer", "is required, e.g. issuer: https://iam-escape.cern.ch/");
        }
        URI u;
        try {
            u = new URI(issuer);
        } catch (URISyntaxException e) {
            throw new ConfigProblem("issuer", "'" + issuer + "' is not a URL: " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (u.getHost() == null || u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new ConfigProblem("issuer", "'" + issuer + "' is not allowed; use an https URL without query or"
                    + " fragment, e.g. https://iam-escape.cern.ch/");
        }
        if (scheme.equals("https")) return;
        if (scheme.equals("http") && allowHttp && BindAddress.isLoopback(u.getHost())) return;
        throw new ConfigProblem("issuer", "'" + issuer + "' is not allowed; issuers must use https"
                + (scheme.equals("http") ? " (http is accepted only for a loopback host with"
                + " allow-http-on-loopback: true, for tests)" : ""));
    }
}
