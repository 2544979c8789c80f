package org.tributary.gateway.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.tributary.backend.InvalidPathException;
import org.tributary.backend.StorageException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The one mapping from failures to HTTP statuses, and the one writer of error bodies: a single plain-text line. */
public final class ErrorResponses {

    private static final String RETRY_AFTER = "Retry-After";

    private ErrorResponses() { }

    /**
     * 503 and 429 always carry Retry-After (RFC 9110 §10.2.3, §15.6.4; RFC 6585 §4): it says the condition is
     * temporary and when to come back; a 5xx without it reads as a broken server (issue 15, item 18).
     */
    public static boolean asksToComeBack(int status) {
        return status == 503 || status == 429;
    }

    /** The HTTP error a failure stands for; null for an unexpected failure (a 500 the log must explain). */
    public static HttpError toHttpError(Throwable t) {
        if (t instanceof HttpError e) return e;
        if (t instanceof InvalidPathException e) return new HttpError(400, e.getMessage());
        if (t instanceof StorageException e) {
            // A backend that timed out, throttles or is down: clients retry after a while instead of failing.
            if (e.kind() == StorageException.Kind.UNAVAILABLE) {
                return new RetryLater(RetryLaterAnswers.Reason.BACKEND_UNAVAILABLE, e.getMessage());
            }
            if (e.kind() == StorageException.Kind.OFFLINE) {
                return new RetryLater(RetryLaterAnswers.Reason.NEARLINE, e.getMessage());
            }
            return new HttpError(status(e.kind()), e.getMessage());
        }
        return null;
    }

    public static int status(StorageException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS -> 412;
            case PARENT_MISSING, CONFLICT -> 409;
            case INSUFFICIENT_STORAGE -> 507;
            case FORBIDDEN -> 403;
            case CHECKSUM_MISMATCH -> 400;
            case OFFLINE -> 503;
            case UNSUPPORTED -> 501;
            case UNAVAILABLE -> 503;
        };
    }

    /** Writes status + reason, unless the response is already committed (then the connection is simply aborted). */
    public static void write(Response response, HttpError error, boolean head) throws IOException {
        if (response.isCommitted()) {
            throw new IOException("response already committed; aborting: " + error.getMessage());
        }
        response.reset();
        response.setStatus(error.status());
        error.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        if (asksToComeBack(error.status()) && !error.headers().containsKey(RETRY_AFTER)) {
            response.getHeaders().put(RETRY_AFTER, String.valueOf(RetryLaterAnswers.Reason.OTHER.retryAfterSeconds()));
        }
        byte[] body = (oneLine(error.getMessage()) + "\n").getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        ResponseBodies.writeLast(response, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body));
    }

    private static String oneLine(String s) {
        if (s == null || s.isBlank()) return "error";
        return s.replaceAll("[\\r\\n]+", " ");
    }
}
