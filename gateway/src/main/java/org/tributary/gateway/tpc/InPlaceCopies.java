package org.tributary.gateway.tpc;

import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.dav.DavExchange;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.RequestTarget;
import org.tributary.gateway.security.AccessGuard;
import org.tributary.gateway.security.Authenticator;
import org.tributary.tpc.RunningCopy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises a third-party copy that can be done in place: its other URL names this gateway ({@link ThisGateway})
 * and routes to an area over the same storage as the COPY's own ({@code StorageArea.storageName()}: an area and its
 * QoS class views). Any other copy, also one to another storage of this gateway, goes over the network as before.
 */
public final class InPlaceCopies {

    private final ThisGateway self;
    private final AreaRouter router;
    private final Authenticator authenticator;
    private final AccessGuard guard;

    /**
     * @param authenticator the one every request passes ({@code ExchangeHandler}'s), for the other end's credential
     * @param guard         the one the DAV methods ask
     */
    public InPlaceCopies(ThisGateway self, AreaRouter router, Authenticator authenticator, AccessGuard guard) {
        this.self = self;
        this.router = router;
        this.authenticator = authenticator;
        this.guard = guard;
    }

    /**
     * The in-place pull from {@code source} into the COPY's target, if it is one.
     *
     * @param forwarded the headers a network pull would send the source (TransferHeaders.forward)
     */
    Optional<RunningCopy> pull(DavExchange ex, URI source, Map<String, String> forwarded,
                               InPlaceTransition.Options options) {
        return sameStorage(ex, source).map(src -> new InPlaceTransition(InPlaceTransition.Direction.PULL, ex.route(),
                src, new OtherEndRequest(ex.request(), "GET", source, forwarded), authenticator, guard, options, source));
    }

    /** The in-place push of the COPY's target to {@code destination}, if it is one. */
    Optional<RunningCopy> push(DavExchange ex, URI destination, Map<String, String> forwarded,
                               InPlaceTransition.Options options) {
        return sameStorage(ex, destination).map(dst -> new InPlaceTransition(InPlaceTransition.Direction.PUSH,
                ex.route(), dst, new OtherEndRequest(ex.request(), "PUT", destination, forwarded), authenticator,
                guard, options, destination));
    }

    private Optional<AreaRouter.Route> sameStorage(DavExchange ex, URI other) {
        if (!self.names(other, ex.request())) return Optional.empty();
        List<String> segments;
        try {
            segments = RequestTarget.decodeSegments(other.getRawPath() == null ? "/" : other.getRawPath());
        } catch (HttpError badPath) {
            return Optional.empty();   // as before: the transfer gets the 400 a direct request gets
        }
        return router.route(segments).filter(r -> r.area().storageName().equals(ex.area().storageName()));
    }
}
