package org.tributary.gateway.auth;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.tributary.gateway.http.HttpError;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Finds the bearer token of a request: {@code Authorization: Bearer <token>} (scheme case-insensitive, RFC 6750)
 * or the {@code ?authz=} query parameter dCache and XRootD clients use (SPECS §1.5), optionally itself prefixed with
 * "Bearer ". Other Authorization schemes (Basic from litmus, for example) are not credentials here.
 */
public final class BearerTokenExtractor {

    private BearerTokenExtractor() {}

    /** The token, or null when the request carries none. */
    public static String extract(Request request) {
        String h = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        String fromHeader = h == null ? null : fromAuthorization(h);
        return fromHeader != null ? fromHeader : fromQuery(request);
    }

    /** The token of the {@code authz} query parameter, or null. */
    public static String fromQuery(Request request) {
        String q = request.getHttpURI().getQuery();
        if (q == null || !q.toLowerCase(Locale.ROOT).contains("authz=")) return null;
        String v;
        try {
            v = Request.extractQueryParameters(request).getValue("authz");
        } catch (RuntimeException e) {
            throw HttpError.badRequest("the query string cannot be decoded");
        }
        if (v == null) return null;
        v = v.trim();
        if (v.regionMatches(true, 0, "Bearer ", 0, 7)) v = v.substring(7).trim();
        return v.isEmpty() ? null : v;
    }

    /** The token of an Authorization header value, or null when it is not a Bearer credential. */
    public static String fromAuthorization(String header) {
        String v = header.trim();
        if (v.length() < 6 || !v.regionMatches(true, 0, "Bearer", 0, 6)) return null;
        if (v.length() == 6) return null;
        if (!Character.isWhitespace(v.charAt(6))) return null;
        String t = v.substring(7).trim();
        return t.isEmpty() ? null : t;
    }

    private static boolean isAuthz(String rawName) {
        try {
            return URLDecoder.decode(rawName, StandardCharsets.UTF_8).equalsIgnoreCase("authz");
        } catch (IllegalArgumentException e) {
            return true;   // undecodable: do not risk logging a credential
        }
    }

    /** A path-and-query for logs with the value of any authz parameter replaced, so tokens never reach a log. */
    public static String redactQuery(String pathQuery) {
        if (pathQuery == null) return null;
        int q = pathQuery.indexOf('?');
        if (q < 0) return pathQuery;
        StringBuilder sb = new StringBuilder(pathQuery.substring(0, q + 1));
        String[] parts = pathQuery.substring(q + 1).split("&", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) sb.append('&');
            String p = parts[i];
            int eq = p.indexOf('=');
            sb.append(eq > 0 && isAuthz(p.substring(0, eq)) ? p.substring(0, eq) + "=REDACTED" : p);
        }
        return sb.toString();
    }
}
