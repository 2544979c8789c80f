package org.tributary.gateway.dav;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.StorageBackend;
import org.tributary.gateway.security.AccessDecision;
import org.tributary.gateway.security.AccessGuard;
import org.tributary.gateway.security.Identity;
import org.tributary.gateway.security.SubtreeAccess;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.RequestTarget;
import org.tributary.gateway.security.AccessPolicy;
import org.tributary.gateway.security.RequestOperations;

import java.io.IOException;
import java.util.List;
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

    /**
     * Runs the access checks the request needs ({@link RequestOperations}), in order, on this exchange's path.
     *
     * @throws HttpError 401 or 403 ({@link AccessPolicy#refusal}) at the first refused check
     */
    public void authorize(RequestOperations.Verb verb, RequestOperations.Target target) throws IOException {
        authorize(RequestOperations.checks(verb, target), null);
    }

    /** As {@link #authorize(RequestOperations.Verb, RequestOperations.Target)}; {@code destination} for COPY/MOVE. */
    public void authorize(List<RequestOperations.Check> checks, AreaRouter.Route destination) throws IOException {
        for (RequestOperations.Check c : checks) {
            AreaRouter.Route r = c.on() == RequestOperations.On.DESTINATION ? destination : route;
            AccessDecision d = c.below()
                    ? SubtreeAccess.decide(guard, identity, r.area(), c.op(), r.path())
                    : guard.decide(identity, r.area(), c.op(), r.path());
            if (!d.allowed()) throw AccessPolicy.refusal(identity, r.area(), c.op(), d);
        }
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
