package org.tributary.gateway.http;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.tributary.backend.InvalidPathException;
import org.tributary.backend.StorageException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one mapping from failures to HTTP statuses, and the one writer of error bodies: a single plain-text line, or an
 * RFC 7807 problem document for the JSON APIs ({@link HttpError#asProblem}).
 */
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

    /**
     * What a JSON API (Tape REST, CDMI) throws for a failure: its HTTP error as an RFC 7807 problem, or the failure
     * itself when it is unexpected (a 500, logged with its id by the front door).
     */
    public static Exception asProblem(Exception e) {
        HttpError http = toHttpError(e);
        return http == null ? e : http.asProblem();
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
        byte[] body;
        if (error.isProblem()) {
            body = problemJson(error).getBytes(StandardCharsets.UTF_8);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        } else {
            body = (oneLine(error.getMessage()) + "\n").getBytes(StandardCharsets.UTF_8);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        ResponseBodies.writeLast(response, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body));
    }

    /**
     * RFC 7807 §3.1: {@code type} (about:blank: the status says it all), {@code title} (the status' reason phrase, the
     * same for every occurrence), {@code status}, and {@code detail}, this occurrence's one-line reason.
     */
    static String problemJson(HttpError error) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", "about:blank");
        doc.put("title", HttpStatus.getMessage(error.status()));
        doc.put("status", error.status());
        doc.put("detail", oneLine(error.getMessage()));
        return JSONObjectUtils.toJSONString(doc);
    }

    private static String oneLine(String s) {
        if (s == null || s.isBlank()) return "error";
        return s.replaceAll("[\\r\\n]+", " ");
    }
}
