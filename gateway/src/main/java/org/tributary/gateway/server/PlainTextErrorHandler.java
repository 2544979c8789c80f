package org.tributary.gateway.server;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.tributary.gateway.front.ExchangeHandler;
import org.tributary.gateway.http.ErrorResponses;
import org.tributary.gateway.http.RetryLaterAnswers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Errors Jetty raises before our handler runs (a malformed request line, an ambiguous URI, a bad header) get the same
 * one-line plain-text reason as ours, not an HTML page.
 */
final class PlainTextErrorHandler extends ErrorHandler {

    private final RetryLaterAnswers retryLater;

    PlainTextErrorHandler(RetryLaterAnswers retryLater) {
        this.retryLater = retryLater;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        Object msg = request.getAttribute(ERROR_MESSAGE);
        String reason = msg == null ? "request refused" : msg.toString().replaceAll("[\\r\\n]+", " ");
        // The request log's note: why Jetty refused it (kept if our exchange handler already said why).
        if (request.getAttribute(ExchangeHandler.LOG_NOTE) == null) request.setAttribute(ExchangeHandler.LOG_NOTE, reason);
        byte[] body = (status + " " + reason + "\n").getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
        response.getHeaders().put("Content-Length", body.length);
        if (ErrorResponses.asksToComeBack(status)) {
            // Jetty's own 503s: a stopping server (GracefulHandler) refuses requests on kept-alive connections.
            RetryLaterAnswers.Reason why = request.getConnectionMetaData().getConnector().getServer().isStopping()
                    ? RetryLaterAnswers.Reason.SHUTTING_DOWN : RetryLaterAnswers.Reason.OTHER;
            retryLater.count(why);
            response.getHeaders().put("Retry-After", String.valueOf(why.retryAfterSeconds()));
        }
        response.write(true, "HEAD".equals(request.getMethod()) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
        return true;
    }
}
