package org.tributary.gateway.security;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.tributary.gateway.http.HttpError;

import java.util.Map;

/**
 * Bearer-token authentication: no token → anonymous; a token → validated (or found in the
 * {@link ValidatedTokenCache}) → the token's {@link Identity}; a bad token → 401 with
 * {@code WWW-Authenticate: Bearer error="invalid_token", error_description="…"}, never a silent downgrade to
 * anonymous; several credentials in one request → 400. Tokens over plain http are refused unless the server listens on loopback only or the admin allows it.
 */
public final class TokenAuthenticator implements Authenticator {

    private final TokenValidator validator;
    private final ValidatedTokenCache cache;
    private final boolean plainHttpAllowed;

    public TokenAuthenticator(TokenValidator validator, ValidatedTokenCache cache, boolean plainHttpAllowed) {
        this.validator = validator;
        this.cache = cache;
        this.plainHttpAllowed = plainHttpAllowed;
    }

    @Override
    public Identity authenticate(Request request) {
        BearerTokenExtractor.refuseSeveral(request);
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        TokenValidator.Validated known = header == null ? null : cache.recall(header);
        if (known != null) {
            refusePlainHttp(request);
            return known.identity();
        }
        String fromHeader = header == null ? null : BearerTokenExtractor.fromAuthorization(header);
        String token = fromHeader != null ? fromHeader : BearerTokenExtractor.fromQuery(request);
        if (token == null) return Identity.ANONYMOUS;
        refusePlainHttp(request);
        TokenValidator.Validated v = identify(token);
        if (fromHeader != null) cache.remember(header, v);
        return v.identity();
    }

    private void refusePlainHttp(Request request) {
        if (!plainHttpAllowed && !request.isSecure()) {
            String why = "bearer tokens are not accepted over plain http (anyone on the path could replay them);"
                    + " use https";
            throw new HttpError(401, why, Map.of("WWW-Authenticate", challenge("invalid_request", why)));
        }
    }

    /** Validates (or recalls) a token; 401 when it is not acceptable. */
    public TokenValidator.Validated identify(String token) {
        TokenValidator.Validated v = cache.get(token);
        if (v != null) return v;
        try {
            v = validator.validate(token);
        } catch (TokenException e) {
            throw new HttpError(401, "invalid bearer token: " + e.getMessage(),
                    Map.of("WWW-Authenticate", challenge("invalid_token", e.getMessage())));
        }
        cache.put(token, v);
        return v;
    }

    /** A Bearer challenge with a header-safe description (ASCII, no quotes or backslashes). */
    public static String challenge(String error, String description) {
        String d = description == null ? "" : description.replaceAll("[^\\x20-\\x7e]", "?").replace('"', '\'')
                .replace('\\', '/');
        if (d.length() > 300) d = d.substring(0, 300) + "...";
        return "Bearer realm=\"tributary\", error=\"" + error + "\", error_description=\"" + d + "\"";
    }
}
