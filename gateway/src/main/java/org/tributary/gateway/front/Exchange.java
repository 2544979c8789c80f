package org.tributary.gateway.front;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.tributary.gateway.security.Identity;
import org.tributary.gateway.area.AreaRouter;

import java.util.List;
import java.util.Optional;

/**
 * A request as every {@link Endpoint} receives it: the target decoded once ({@code RequestTarget}: no dot segments,
 * no encoded '/', strict UTF-8), the storage area it falls in (empty outside every area), and who is asking.
 *
 * @param segments the decoded path segments of the request target
 * @param route    the storage area and the path inside it; empty for paths outside every area
 * @param identity the authenticated caller ({@link Identity#ANONYMOUS} without credentials)
 */
public record Exchange(Request request, Response response, List<String> segments, Optional<AreaRouter.Route> route,
                       Identity identity) {

    public Exchange {
        segments = List.copyOf(segments);
    }

    public String method() { return request.getMethod(); }
}
