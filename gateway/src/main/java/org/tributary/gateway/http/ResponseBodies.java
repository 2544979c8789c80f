package org.tributary.gateway.http;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Blocking writes to a Jetty response; handlers run on virtual threads, so blocking is cheap and code stays linear. */
public final class ResponseBodies {

    private ResponseBodies() { }

    public static void write(Response response, ByteBuffer buffer) throws IOException {
        try (Blocker.Callback cb = Blocker.callback()) {
            response.write(false, buffer, cb);
            cb.block();
        }
    }

    public static void writeLast(Response response, ByteBuffer buffer) throws IOException {
        try (Blocker.Callback cb = Blocker.callback()) {
            response.write(true, buffer, cb);
            cb.block();
        }
    }

    /** A complete small body with its Content-Length. */
    public static void text(Response response, int status, String contentType, String body, boolean head) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put("Content-Type", contentType);
        response.getHeaders().put("Content-Length", bytes.length);
        writeLast(response, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes));
    }

    public static void empty(Response response, int status) throws IOException {
        response.setStatus(status);
        response.getHeaders().put("Content-Length", 0);
        writeLast(response, ByteBuffer.allocate(0));
    }
}
