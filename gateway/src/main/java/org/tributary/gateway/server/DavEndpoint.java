package org.tributary.gateway.server;

import org.tributary.gateway.security.AccessGuard;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.dav.CopyMoveMethod;
import org.tributary.gateway.dav.DavExchange;
import org.tributary.gateway.dav.DeleteMethod;
import org.tributary.gateway.dav.GetMethod;
import org.tributary.gateway.dav.MkcolMethod;
import org.tributary.gateway.dav.OptionsMethod;
import org.tributary.gateway.dav.PropfindMethod;
import org.tributary.gateway.dav.ProppatchMethod;
import org.tributary.gateway.dav.PutMethod;
import org.tributary.gateway.dav.ThirdPartyCopy;
import org.tributary.gateway.front.Endpoint;
import org.tributary.gateway.front.Exchange;
import org.tributary.gateway.http.HttpError;

import java.net.URI;
import java.util.Map;

/**
 * WebDAV on the storage areas: hands an exchange inside an area to its method ({@code GetMethod}, {@code PutMethod},
 * ...), which authorises once it knows the real operation. Requests outside every area are left to the next endpoint.
 * PUTs past {@code server.max-concurrent-uploads} are refused before their body is read ({@link ConcurrentUploads}).
 */
final class DavEndpoint implements Endpoint {

    private final AreaRouter router;
    private final AccessGuard guard;
    private final ThirdPartyCopy tpc;
    private final ConcurrentUploads uploads;

    DavEndpoint(AreaRouter router, AccessGuard guard, ThirdPartyCopy tpc, int maxConcurrentUploads) {
        this.router = router;
        this.guard = guard;
        this.tpc = tpc;
        this.uploads = new ConcurrentUploads(maxConcurrentUploads);
    }

    @Override
    public boolean serve(Exchange exchange) throws Exception {
        if (exchange.route().isEmpty()) return false;
        dispatch(new DavExchange(exchange.request(), exchange.response(), exchange.route().get(), exchange.identity(),
                guard), exchange.method());
        return true;
    }

    private void dispatch(DavExchange ex, String method) throws Exception {
        switch (method) {
            case "GET", "HEAD" -> GetMethod.handle(ex);
            case "PUT" -> {
                try (AutoCloseable slot = uploads.enter()) {
                    PutMethod.handle(ex);
                }
            }
            case "DELETE" -> DeleteMethod.handle(ex);
            case "MKCOL" -> MkcolMethod.handle(ex);
            case "PROPFIND" -> PropfindMethod.handle(ex);
            case "PROPPATCH" -> ProppatchMethod.handle(ex);
            case "OPTIONS" -> OptionsMethod.handle(ex.response());
            case "COPY" -> {
                String source = ex.header("Source");
                String dest = ex.header("Destination");
                if (source != null && dest != null) throw HttpError.badRequest("COPY takes Source or Destination, not both");
                if (source != null) {
                    tpc.pull(ex, remoteUri(source, "Source"));
                } else if (dest != null && (CopyMoveMethod.isForeign(ex.request(), dest)
                        || ThirdPartyCopy.requested(ex.request()))) {
                    tpc.push(ex, remoteUri(dest, "Destination"));
                } else {
                    CopyMoveMethod.handle(ex, router, false);
                }
            }
            case "MOVE" -> {
                String dest = ex.header("Destination");
                if (dest != null && CopyMoveMethod.isForeign(ex.request(), dest)) {
                    throw new HttpError(502, "MOVE to another server is not possible; copy and delete instead");
                }
                CopyMoveMethod.handle(ex, router, true);
            }
            case "LOCK", "UNLOCK" -> throw new HttpError(405, "locking is not supported (DAV level 1)",
                    Map.of("Allow", OptionsMethod.ALLOW));
            default -> throw new HttpError(405, "method " + method + " is not supported here",
                    Map.of("Allow", OptionsMethod.ALLOW));
        }
    }

    /** davs:// and dav:// name https:// and http:// (SPECS §1.1). */
    private static URI remoteUri(String header, String name) {
        String v = header.trim();
        if (v.regionMatches(true, 0, "davs://", 0, 7)) v = "https://" + v.substring(7);
        else if (v.regionMatches(true, 0, "dav://", 0, 6)) v = "http://" + v.substring(6);
        try {
            URI u = new URI(v);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw HttpError.badRequest(name + " must be an absolute http(s):// or davs:// URL");
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw HttpError.badRequest(name + " is not a valid URL");
        }
    }
}
