package org.tributary.gateway.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Blocker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** Blocking reads of a request body as Jetty's own buffers (no copy into byte arrays on the upload path). */
public final class RequestBodies {

    private RequestBodies() { }

    @FunctionalInterface
    public interface ChunkConsumer {
        void accept(ByteBuffer buffer) throws IOException;
    }

    /**
     * Feeds every body chunk to {@code consumer} until the end. Reading is what makes Jetty send "100 Continue", so
     * callers finish their pre-checks first. A client that goes away surfaces as an IOException here.
     *
     * @return bytes read
     */
    public static long forEachChunk(Request request, ChunkConsumer consumer) throws IOException {
        long total = 0;
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                try (Blocker.Runnable r = Blocker.runnable()) {
                    request.demand(r);
                    r.block();
                }
                continue;
            }
            try {
                if (Content.Chunk.isFailure(chunk)) {
                    Throwable f = chunk.getFailure();
                    throw f instanceof IOException io ? io : new IOException("upload interrupted: " + f.getMessage(), f);
                }
                ByteBuffer b = chunk.getByteBuffer();
                int n = b.remaining();
                if (n > 0) {
                    consumer.accept(b);
                    total += n;
                }
                if (chunk.isLast()) return total;
            } finally {
                chunk.release();
            }
        }
    }

    /** A small body (XML requests), refused beyond {@code limit} bytes. */
    public static byte[] readSmall(Request request, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        forEachChunk(request, b -> {
            if (out.size() + b.remaining() > limit) {
                throw new HttpError(413, "request body larger than " + limit + " bytes");
            }
            byte[] tmp = new byte[b.remaining()];
            b.get(tmp);
            out.write(tmp);
        });
        return out.toByteArray();
    }

    public static InputStream asStream(Request request) {
        return Content.Source.asInputStream(request);
    }
}
