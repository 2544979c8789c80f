package org.tributary.gateway.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Blocker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;

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
                    if (f instanceof TimeoutException) throw stalled(total);
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

    /**
     * The client stopped sending the body for the connection's idle timeout (Jetty reports it as a transient read
     * failure): an answer the client can still read, and a closed connection since the rest of the body may come.
     */
    private static HttpError stalled(long received) {
        return new HttpError(408, "no byte of the request body arrived for the idle timeout (after " + received
                + " bytes); nothing was stored", java.util.Map.of("Connection", "close"));
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

    /**
     * Reads and discards what is left of a body, up to {@code limit} bytes. Used before an error answer to an upload
     * that was cut short by the server (quota, checksum): a server that closes with unread bytes makes the kernel
     * reset the connection, and the client may never see the answer. Never starts reading a body the client is
     * still waiting to send (Expect: 100-continue and nothing read yet), so a refusal keeps saving the transfer.
     *
     * @return true when the whole body has been consumed and the connection can be reused
     */
    public static boolean drain(Request request, long limit) {
        boolean hasBody = request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        if (!hasBody) return true;
        boolean waitingForContinue = request.getHeaders().contains(HttpHeader.EXPECT, "100-continue")
                && Request.getContentBytesRead(request) == 0;
        if (waitingForContinue) return false;
        long[] seen = {0};
        try {
            forEachChunk(request, b -> {
                seen[0] += b.remaining();
                b.position(b.limit());
                if (seen[0] > limit) throw new DrainLimitReached();
            });
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // over the limit, or the client went away: the connection cannot be reused
        }
    }

    private static final class DrainLimitReached extends IOException {
        DrainLimitReached() { super("drain limit reached", null); }
    }

    public static InputStream asStream(Request request) {
        return Content.Source.asInputStream(request);
    }
}
