package org.tributary.gateway.server;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.tributary.gateway.access.AccessGuard;
import org.tributary.gateway.access.Authenticator;
import org.tributary.gateway.access.Identity;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.auth.BearerTokenExtractor;
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
import org.tributary.gateway.http.ErrorResponses;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.LogText;
import org.tributary.gateway.http.RetryLater;
import org.tributary.gateway.http.RetryLaterAnswers;
import org.tributary.gateway.http.RequestBodies;
import org.tributary.gateway.http.RequestTarget;
import org.tributary.gateway.security.AccessPolicy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The request pipeline: decode and confine the path → find the storage area → (authenticate) → dispatch the method,
 * which authorises once it knows the real operation → write the response; every failure is turned into a status in
 * one place, and every request gets one access-log line. Runs on a virtual thread, so methods block freely.
 */
public final class DavHandler extends Handler.Abstract {

    /** How much of an unwanted upload body is read and discarded so the error answer reaches the client. */
    private static final long DRAIN_LIMIT = 8L << 20;

    private final AreaRouter router;
    private final Authenticator authenticator;
    private final AccessGuard guard;
    private final ThirdPartyCopy tpc;
    private final AccessLog accessLog;
    private final RootPage rootPage;
    private final ConcurrentUploads uploads;
    private final RetryLaterAnswers retryLater;

    public DavHandler(AreaRouter router, Authenticator authenticator, AccessGuard guard, ThirdPartyCopy tpc,
                      AccessLog accessLog, int maxConcurrentUploads, RetryLaterAnswers retryLater) {
        this.uploads = new ConcurrentUploads(maxConcurrentUploads);
        this.retryLater = retryLater;
        this.router = router;
        this.authenticator = authenticator;
        this.guard = guard;
        this.tpc = tpc;
        this.accessLog = accessLog;
        this.rootPage = new RootPage(router);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String method = request.getMethod();
        Identity identity = Identity.ANONYMOUS;
        String note = null;
        boolean ok = true;
        try {
            List<String> segments = RequestTarget.decodeSegments(request.getHttpURI().getPath());
            identity = authenticator.authenticate(request);
            Optional<AreaRouter.Route> route = router.route(segments);
            if (route.isEmpty()) {
                rootPage.handle(request, response, segments);
            } else {
                AccessPolicy.refuseAnonymousBeforeDispatch(identity, route.get().area(), method);
                dispatch(new DavExchange(request, response, route.get(), identity, guard), method);
            }
        } catch (Throwable t) {
            HttpError e = ErrorResponses.toHttpError(t);
            if (e instanceof RetryLater busy) retryLater.count(busy.reason());
            if (e == null && t instanceof EofException) {
                // The client ended the body early or went away. One that only half-closed its side can still read
                // why; without this answer Jetty writes a bare 500 for the failed request.
                note = "client went away: " + t.getMessage();
                if (request.getConnectionMetaData().getConnector().getServer().isStopping()) {
                    // The grace period ran out and the stop closed the connection: the client may come back.
                    e = new RetryLater(RetryLaterAnswers.Reason.SHUTTING_DOWN,
                            "the server is stopping; the request was aborted and nothing was stored");
                    retryLater.count(RetryLaterAnswers.Reason.SHUTTING_DOWN);
                } else {
                    e = new HttpError(400, "the request body ended before it was complete; nothing was stored");
                }
                e = e.with("Connection", "close");
            } else if (e == null) {
                String id = UUID.randomUUID().toString().substring(0, 8);
                System.err.println("internal error " + id + " on " + LogText.quoted(method) + " "
                        + LogText.quoted(request.getHttpURI().getPath()) + ":\n" + LogText.stackTrace(t));
                e = new HttpError(500, "internal error " + id + "; the server log has the details");
            }
            if (note == null) note = e.getMessage();
            try {
                boolean closing = "close".equals(e.headers().get("Connection")); // e.g. a stalled body
                if (!response.isCommitted() && !closing && !RequestBodies.drain(request, DRAIN_LIMIT)) {
                    // Say so, or the client reuses a connection Jetty is about to close and loses its next request.
                    e = e.with("Connection", "close");
                }
                ErrorResponses.write(response, e, "HEAD".equals(method));
            } catch (Throwable w) {
                ok = false;
                t = w;
            }
            if (!ok) {
                callback.failed(t);
                log(request, response, start, identity, note);
                return true;
            }
        }
        callback.succeeded();
        log(request, response, start, identity, note);
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
                } else if (dest != null && CopyMoveMethod.isForeign(ex.request(), dest)) {
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

    private void log(Request request, Response response, long start, Identity identity, String note) {
        if (!accessLog.enabled()) return;
        accessLog.log(Request.getRemoteAddr(request), request.getMethod(),
                BearerTokenExtractor.redactQuery(request.getHttpURI().getPathQuery()),
                response.getStatus(), Request.getContentBytesRead(request),
                Response.getContentBytesWritten(response), (System.nanoTime() - start) / 1000, identity.logName(),
                request.getHeaders().get(HttpHeader.USER_AGENT), note);
    }
}
