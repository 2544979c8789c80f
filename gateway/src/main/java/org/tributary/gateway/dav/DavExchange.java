package org.tributary.gateway.dav;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.StorageBackend;
import org.tributary.gateway.access.AccessDecision;
import org.tributary.gateway.access.AccessGuard;
import org.tributary.gateway.access.Identity;
import org.tributary.gateway.access.Operation;
import org.tributary.gateway.access.SubtreeAccess;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.auth.TokenAuthenticator;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.RequestTarget;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** One request on a storage area, with what every DAV method needs: where, who, and the access check. */
public final class DavExchange {

    private final Request request;
    private final Response response;
    private final AreaRouter.Route route;
    private final Identity identity;
    private final AccessGuard guard;

    public DavExchange(Request request, Response response, AreaRouter.Route route, Identity identity, AccessGuard guard) {
        this.request = request;
        this.response = response;
        this.route = route;
        this.identity = identity;
        this.guard = guard;
    }

    public Request request() { return request; }
    public Response response() { return response; }
    public AreaRouter.Route route() { return route; }
    public StorageArea area() { return route.area(); }
    public AreaPath path() { return route.path(); }
    public StorageBackend backend() { return route.area().backend(); }
    public Identity identity() { return identity; }
    public boolean isHead() { return "HEAD".equals(request.getMethod()); }

    public String header(String name) { return request.getHeaders().get(name); }

    public Optional<EntryInfo> stat(AreaPath p) throws IOException { return backend().stat(p); }

    /** Throws 401 (anonymous: credentials may help) or 403 (authenticated, or the area forbids) when not allowed. */
    public void require(Operation op, AreaPath p) {
        require(route.area(), op, p);
    }

    public void require(StorageArea area, Operation op, AreaPath p) {
        enforce(area, op, guard.decide(identity, area, op, p));
    }

    /**
     * For an operation that acts on everything below {@code p} too: refused as a whole when a rule below is more
     * restrictive for this caller than at {@code p} ({@link SubtreeAccess}). Call after {@link #require} on p.
     */
    public void requireBelow(StorageArea area, Operation op, AreaPath p) throws IOException {
        enforce(area, op, SubtreeAccess.decide(guard, identity, area, op, p));
    }

    private void enforce(StorageArea area, Operation op, AccessDecision d) {
        if (d.allowed()) return;
        boolean writeOnReadOnly = op.isWrite() && area.config().readOnly();
        if (identity.isAnonymous() && !writeOnReadOnly) {
            throw new HttpError(401, d.reason(), Map.of("WWW-Authenticate",
                    TokenAuthenticator.challenge("invalid_token", d.reason())));
        }
        throw HttpError.forbidden(d.reason());
    }

    public AccessGuard guard() { return guard; }

    /** An absolute href for an entry of this exchange's area; collections end with '/'. */
    public String href(AreaPath p, boolean collection) {
        return href(route, p, collection);
    }

    public static String href(AreaRouter.Route route, AreaPath p, boolean collection) {
        String s = RequestTarget.encodePath(route.urlPath(p));
        return collection && !s.endsWith("/") ? s + "/" : s;
    }
}
