package org.tributary.gateway.front;

import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tributary.gateway.security.Authenticator;
import org.tributary.gateway.security.Identity;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.http.ErrorResponses;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.LogText;
import org.tributary.gateway.http.RequestBodies;
import org.tributary.gateway.http.RequestTarget;
import org.tributary.gateway.http.RetryLater;
import org.tributary.gateway.http.RetryLaterAnswers;
import org.tributary.gateway.security.AccessPolicy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The front door every request that Jetty parsed passes through: decode the target once ({@link RequestTarget}),
 * authenticate, route to the storage area, refuse anonymous callers of areas without anonymous access, then ask the
 * {@link Endpoint}s in order. Every failure, whichever endpoint raised it, becomes a status here and only here
 * ({@link ErrorResponses}): a client that went away, a server that is stopping, an unwanted body that must be drained
 * or the connection closed, and the 500 whose id matches the stack trace in the server log.
 *
 * <p>It leaves the caller and a note (the reason of a refusal) as request attributes ({@link #LOG_IDENTITY},
 * {@link #LOG_NOTE}) for the request log, which writes the line once the response is complete.
 */
public final class ExchangeHandler extends Handler.Abstract {

    /** Request attribute: the caller ({@link Identity}; the request log prints its escaped {@link Identity#logName()}). */
    public static final String LOG_IDENTITY = "org.tributary.log.identity";
    /** Request attribute: why the request was refused or cut short (raw text; the request log escapes it). */
    public static final String LOG_NOTE = "org.tributary.log.note";

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeHandler.class);

    /** How much of an unwanted upload body is read and discarded so the error answer reaches the client. */
    private static final long DRAIN_LIMIT = 8L << 20;

    private final AreaRouter router;
    private final Authenticator authenticator;
    private final List<Endpoint> endpoints;
    private final RetryLaterAnswers retryLater;

    public ExchangeHandler(AreaRouter router, Authenticator authenticator, List<Endpoint> endpoints,
                           RetryLaterAnswers retryLater) {
        this.router = router;
        this.authenticator = authenticator;
        this.endpoints = List.copyOf(endpoints);
        this.retryLater = retryLater;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        request.setAttribute(LOG_IDENTITY, Identity.ANONYMOUS);
        try {
            List<String> segments = RequestTarget.decodeSegments(request.getHttpURI().getPath());
            Identity identity = authenticator.authenticate(request);
            request.setAttribute(LOG_IDENTITY, identity);
            Optional<AreaRouter.Route> route = router.route(segments);
            // Deny by default, before any endpoint can reveal whether the path exists.
            if (route.isPresent()) AccessPolicy.refuseAnonymousBeforeDispatch(identity, route.get().area(), request.getMethod());
            Exchange exchange = new Exchange(request, response, segments, route, identity);
            if (!serve(exchange)) throw HttpError.notFound("nothing is served at this path");
        } catch (Throwable t) {
            fail(request, response, callback, t);
            return true;
        }
        callback.succeeded();
        return true;
    }

    private boolean serve(Exchange exchange) throws Exception {
        for (Endpoint e : endpoints) {
            if (e.serve(exchange)) return true;
        }
        return false;
    }

    /** The one place where a failure becomes an answer. */
    private void fail(Request request, Response response, Callback callback, Throwable t) {
        String method = request.getMethod();
        HttpError e = ErrorResponses.toHttpError(t);
        String note = null;
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
            LOG.error("internal error {} on {} {}:\n{}", id, LogText.quoted(method),
                    LogText.quoted(request.getHttpURI().getPath()), LogText.stackTrace(t));
            e = new HttpError(500, "internal error " + id + "; the server log has the details");
        }
        request.setAttribute(LOG_NOTE, note == null ? e.getMessage() : note);
        try {
            boolean closing = "close".equals(e.headers().get("Connection")); // e.g. a stalled body
            if (!response.isCommitted() && !closing && !RequestBodies.drain(request, DRAIN_LIMIT)) {
                // Say so, or the client reuses a connection Jetty is about to close and loses its next request.
                e = e.with("Connection", "close");
            }
            ErrorResponses.write(response, e, "HEAD".equals(method));
        } catch (Throwable w) {
            callback.failed(w);
            return;
        }
        callback.succeeded();
    }
}
