package org.tributary.gateway.http;

import java.util.Map;

/**
 * A request that ends with an error status and a one-line reason for the client. Thrown anywhere in the pipeline,
 * written in exactly one place ({@link ErrorResponses}).
 */
public class HttpError extends RuntimeException {

    private final int status;
    private final Map<String, String> headers;
    private final boolean problem;

    public HttpError(int status, String reason) {
        this(status, reason, Map.of());
    }

    public HttpError(int status, String reason, Map<String, String> headers) {
        this(status, reason, headers, false);
    }

    private HttpError(int status, String reason, Map<String, String> headers, boolean problem) {
        super(reason, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.problem = problem;
    }

    public int status() { return status; }

    /** The same error with one more response header. */
    public HttpError with(String header, String value) {
        Map<String, String> h = new java.util.HashMap<>(headers);
        h.put(header, value);
        return new HttpError(status, getMessage(), h, problem);
    }

    /**
     * The same error, written as an RFC 7807 {@code application/problem+json} body instead of a plain-text line: what
     * a JSON API (Tape REST, SPECS §2.5) promises its clients. Status, headers and reason stay the same.
     */
    public HttpError asProblem() {
        return new HttpError(status, getMessage(), headers, true);
    }

    /** Whether the body is an RFC 7807 problem document ({@link #asProblem}). */
    public boolean isProblem() { return problem; }

    public Map<String, String> headers() { return headers; }

    public static HttpError badRequest(String reason) { return new HttpError(400, reason); }

    public static HttpError forbidden(String reason) { return new HttpError(403, reason); }

    public static HttpError notFound(String reason) { return new HttpError(404, reason); }
}
