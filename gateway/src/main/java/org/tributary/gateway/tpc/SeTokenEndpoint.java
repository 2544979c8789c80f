package org.tributary.gateway.tpc;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.tributary.backend.AreaPath;
import org.tributary.gateway.security.AccessGuard;
import org.tributary.gateway.security.Identity;
import org.tributary.gateway.security.Operation;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.security.StorageScope;
import org.tributary.gateway.security.TokenException;
import org.tributary.gateway.front.Endpoint;
import org.tributary.gateway.front.Exchange;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.ResponseBodies;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Issues SE tokens ({@link SeTokens}, SPECS §1.5): {@code POST <file>} with {@code Content-Type:
 * application/macaroon-request} answers a token for that file, and {@code /.well-known/oauth-authorization-server}
 * the discovery document. Every other request is left to the next endpoint. The caller is already authenticated
 * and the target decoded and routed by the exchange handler, which also maps every failure thrown here.
 */
record SeTokenEndpoint(SeTokens tokens, AccessGuard guard) implements Endpoint {

    private static final String DISCOVERY = "/.well-known/oauth-authorization-server";

    @Override
    public boolean serve(Exchange exchange) throws IOException {
        Request request = exchange.request();
        String ct = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        boolean macaroon = ct != null && ct.toLowerCase(Locale.ROOT).startsWith("application/macaroon-request");
        boolean wellKnown = DISCOVERY.equals(request.getHttpURI().getPath());
        if (wellKnown) discovery(request, exchange.response());
        else if (macaroon) issue(exchange);
        return macaroon || wellKnown;
    }

    private static void discovery(Request request, Response response) throws IOException {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            throw new HttpError(405, "GET only", Map.of("Allow", "GET, HEAD"));
        }
        String origin = request.getHttpURI().getScheme() + "://" + request.getHttpURI().getAuthority();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", origin);
        // Tokens come from POST <file> with Content-Type: application/macaroon-request (no OAuth token endpoint).
        doc.put("macaroon_request_endpoint", origin + "/");
        doc.put("grant_types_supported", List.of());
        doc.put("scopes_supported", List.of("storage.read", "storage.create", "storage.modify"));
        ResponseBodies.text(response, 200, "application/json", JSONObjectUtils.toJSONString(doc),
                "HEAD".equals(request.getMethod()));
    }

    private void issue(Exchange exchange) throws IOException {
        Request request = exchange.request();
        if (!"POST".equals(request.getMethod())) throw new HttpError(405, "a macaroon request is a POST", Map.of("Allow", "POST"));
        Identity who = exchange.identity();
        if (who.isAnonymous()) {
            throw new HttpError(401, "a token request needs credentials", Map.of("WWW-Authenticate", "Bearer realm=\"tributary\""));
        }
        AreaRouter.Route route = exchange.route().orElseThrow(() -> HttpError.notFound("no storage area here"));
        if (request.getLength() > SeTokens.MAX_REQUEST) throw HttpError.badRequest("macaroon request too large");
        ByteBuffer bb = Content.Source.asByteBuffer(request);
        if (bb.remaining() > SeTokens.MAX_REQUEST) throw HttpError.badRequest("macaroon request too large");
        byte[] body = new byte[bb.remaining()];
        bb.get(body);
        Instant now = tokens.clock().instant();
        MacaroonRequest asked = MacaroonRequest.parse(body, now);
        Set<String> activities = asked.activities();

        StorageArea area = route.area();
        AreaPath path = route.path();
        List<String> scopes = new ArrayList<>();
        for (StorageScope.Kind kind : List.of(StorageScope.Kind.READ, StorageScope.Kind.CREATE, StorageScope.Kind.MODIFY)) {
            boolean wanted = switch (kind) {
                case READ -> activities.stream().anyMatch(a -> Set.of("DOWNLOAD", "LIST", "READ_METADATA").contains(a));
                case CREATE -> activities.contains("UPLOAD");
                default -> activities.stream().anyMatch(a -> Set.of("MANAGE", "DELETE", "UPDATE_METADATA").contains(a));
            };
            if (!wanted) continue;
            StorageScope scope;
            try {
                // Built from the decoded, confined path only, and refused when the claim could not carry it.
                scope = StorageScope.of(kind, path);
            } catch (TokenException e) {
                throw HttpError.badRequest("no token for this path: " + e.getMessage());
            }
            // Never more than the caller holds: only what the caller may do on this path right now, and below it,
            // since a scope covers the whole subtree. The probe name holds a space, which no scope can name (the
            // claim is space-separated), so it matches no rule for ancestors of a scope's path (MKCOL of the parent
            // of a create scope's path) and is allowed only by a right on the whole subtree.
            Operation op = Operation.valueOf(kind.name());
            if (guard.decide(who, area, op, path).allowed() && guard.decide(who, area, op, path.child(" ")).allowed()) {
                scopes.add(scope.text());
            }
        }
        if (scopes.isEmpty()) {
            throw HttpError.forbidden("the caller may not do any of " + activities + " on " + path);
        }
        String claim = String.join(" ", scopes);
        if (!List.of(claim.split("\\s+")).equals(scopes)) throw new IllegalStateException("scope claim does not split back");
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(SeTokens.ISSUER_PREFIX + area.name())
                .subject(who.subject())
                .audience(SeTokens.hostOf(request))
                .claim("scope", claim)
                .claim("act", Map.of("sub", who.subject(), "iss", String.valueOf(who.issuer())))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(asked.expiry()))
                .jwtID(UUID.randomUUID().toString())
                .build();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("macaroon", tokens.sign(claims));
        out.put("expires_in", Duration.between(now, asked.expiry()).toSeconds());
        exchange.response().getHeaders().put("Cache-Control", "no-store");
        ResponseBodies.text(exchange.response(), 200, "application/json", JSONObjectUtils.toJSONString(out), false);
    }
}
