package org.tributary.gateway.server;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Errors Jetty raises before our handler runs (a malformed request line, an ambiguous URI, a bad header) get the same
 * one-line plain-text reason as ours, not an HTML page.
 */
final class PlainTextErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        Object msg = request.getAttribute(ERROR_MESSAGE);
        String reason = msg == null ? "request refused" : msg.toString().replaceAll("[\\r\\n]+", " ");
        byte[] body = (status + " " + reason + "\n").getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
        response.getHeaders().put("Content-Length", body.length);
        response.write(true, "HEAD".equals(request.getMethod()) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
        return true;
    }
}
