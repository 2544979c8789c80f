package org.tributary.gateway.security;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.tributary.gateway.http.HttpError;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the bearer token of a request: {@code Authorization: Bearer <token>} (scheme case-insensitive, RFC 6750)
 * or the {@code ?authz=} query parameter dCache and XRootD clients use (SPECS §1.5), optionally itself prefixed with
 * "Bearer ". Other Authorization schemes (Basic from litmus, for example) are not credentials here.
 */
public final class BearerTokenExtractor {

    private BearerTokenExtractor() {}

    /**
     * The token, or null when the request carries none.
     *
     * @throws HttpError 400 when the request carries more than one credential ({@link #refuseSeveral})
     */
    public static String extract(Request request) {
        refuseSeveral(request);
        String h = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        String fromHeader = h == null ? null : fromAuthorization(h);
        return fromHeader != null ? fromHeader : fromQuery(request);
    }

    /**
     * Refuses a request with several credentials: two Authorization fields, two {@code authz} query parameters (the
     * name in any case or percent-encoding, as {@link #redactQuery} sees it), or one of each. Taking the first would
     * let whatever sits between client and server (a proxy adding its own header, a URL with a token pasted in) decide
     * who the caller is, and two parties may disagree on which one counts (RFC 9110 §11.6.2 allows one field only).
     *
     * @throws HttpError 400 with a one-line reason
     */
    public static void refuseSeveral(Request request) {
        int headers = 0;
        for (HttpField f : request.getHeaders()) if (f.getHeader() == HttpHeader.AUTHORIZATION) headers++;
        int query = authzParameters(request.getHttpURI().getQuery()).size();
        if (headers > 1) {
            throw HttpError.badRequest("the request carries " + headers + " Authorization headers; send one credential");
        }
        if (query > 1) {
            throw HttpError.badRequest("the request carries " + query + " authz query parameters; send one credential");
        }
        if (headers == 1 && query == 1) {
            throw HttpError.badRequest("the request carries an Authorization header and an authz query parameter;"
                    + " send one credential");
        }
    }

    /** The token of the {@code authz} query parameter, or null. */
    public static String fromQuery(Request request) {
        List<String> raw = authzParameters(request.getHttpURI().getQuery());
        if (raw.isEmpty()) return null;
        if (raw.size() > 1) refuseSeveral(request);
        String v;
        try {
            v = URLDecoder.decode(raw.getFirst(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("the query string cannot be decoded");
        }
        v = v.trim();
        if (v.regionMatches(true, 0, "Bearer ", 0, 7)) v = v.substring(7).trim();
        return v.isEmpty() ? null : v;
    }

    /** The raw (still encoded) values of every authz parameter of a raw query string. */
    private static List<String> authzParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) return List.of();
        List<String> out = new ArrayList<>(1);
        for (String p : rawQuery.split("&", -1)) {
            int eq = p.indexOf('=');
            String name = eq < 0 ? p : p.substring(0, eq);
            if (!name.isEmpty() && namesAuthz(name)) out.add(eq < 0 ? "" : p.substring(eq + 1));
        }
        return out;
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

    private static boolean namesAuthz(String rawName) {
        try {
            return URLDecoder.decode(rawName, StandardCharsets.UTF_8).equalsIgnoreCase("authz");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isAuthz(String rawName) {
        try {
            URLDecoder.decode(rawName, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return true;   // undecodable: do not risk logging a credential
        }
        return namesAuthz(rawName);
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
